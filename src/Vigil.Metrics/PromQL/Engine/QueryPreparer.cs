using Vigil.Metrics.PromQL.Ast;

namespace Vigil.Metrics.PromQL.Engine;

/// <summary>
/// Readies a parsed expression for one evaluation, in place, as upstream's PreprocessExpr and
/// execEvalStmt do (promql/engine.go, promql/durations.go): duration expressions become plain
/// milliseconds, <c>@ start()</c>/<c>@ end()</c> become times, step-invariant subtrees are marked,
/// selector offsets absorb <c>@</c>, and the time range the querier must cover is computed.
/// </summary>
internal static class QueryPreparer
{
    /// <summary>Evaluates every duration expression into its node's value (upstream durationVisitor); throws BadData for zero or negative ranges and steps.</summary>
    public static void ResolveDurations(Expr root, long stepMs, long queryRangeMs) =>
        Walk(root, node =>
        {
            switch (node)
            {
                case VectorSelector vs when vs.OffsetExpr is not null:
                    vs.OriginalOffsetMs = Duration(vs.OffsetExpr, allowNegative: true, stepMs, queryRangeMs);
                    vs.OffsetMs = vs.OriginalOffsetMs;
                    break;
                case MatrixSelector ms when ms.RangeExpr is not null:
                    ms.RangeMs = Duration(ms.RangeExpr, allowNegative: false, stepMs, queryRangeMs);
                    break;
                case SubqueryExpr sq:
                    if (sq.OffsetExpr is not null)
                    {
                        sq.OriginalOffsetMs = Duration(sq.OffsetExpr, allowNegative: true, stepMs, queryRangeMs);
                        sq.OffsetMs = sq.OriginalOffsetMs;
                    }
                    if (sq.StepExpr is not null) sq.StepMs = Duration(sq.StepExpr, allowNegative: false, stepMs, queryRangeMs);
                    if (sq.RangeExpr is not null) sq.RangeMs = Duration(sq.RangeExpr, allowNegative: false, stepMs, queryRangeMs);
                    break;
            }
        });

    private static long Duration(Expr expr, bool allowNegative, long stepMs, long queryRangeMs)
    {
        double seconds = EvaluateDuration(expr, stepMs, queryRangeMs);
        if (seconds <= 0 && !allowNegative)
            throw new QueryEvaluationException(QueryErrorKind.BadData, $"{expr.Position.Start}:{expr.Position.End}: duration must be greater than 0");
        if (double.IsNaN(seconds) || seconds * 1000 > long.MaxValue || seconds * 1000 < long.MinValue)
            throw new QueryEvaluationException(QueryErrorKind.BadData, $"{expr.Position.Start}:{expr.Position.End}: duration is out of range");
        // Go: time.Duration(duration*1000) * time.Millisecond, i.e. truncated to whole milliseconds.
        return (long)(seconds * 1000);
    }

    private static double EvaluateDuration(Expr expr, long stepMs, long queryRangeMs)
    {
        switch (expr)
        {
            case NumberLiteral n: return n.Value;
            case ParenExpr p: return EvaluateDuration(p.Inner, stepMs, queryRangeMs);
            case UnaryExpr u:
                double inner = EvaluateDuration(u.Operand, stepMs, queryRangeMs);
                return u.Negate ? -inner : inner;
            case DurationExpr d:
                double lhs = d.Left is null ? 0 : EvaluateDuration(d.Left, stepMs, queryRangeMs);
                double rhs = d.Right is null ? 0 : EvaluateDuration(d.Right, stepMs, queryRangeMs);
                switch (d.Op)
                {
                    case DurationOp.Step: return stepMs / 1000.0;
                    case DurationOp.Range: return queryRangeMs / 1000.0;
                    case DurationOp.MinOf: return Math.Min(lhs, rhs);
                    case DurationOp.MaxOf: return Math.Max(lhs, rhs);
                    case DurationOp.Negate: return d.Right is not null ? -rhs : -lhs;
                    case DurationOp.Add: return d.Left is null ? rhs : lhs + rhs;
                    case DurationOp.Sub: return d.Left is null ? -rhs : lhs - rhs;
                    case DurationOp.Mul: return lhs * rhs;
                    case DurationOp.Div:
                        if (rhs == 0) throw new QueryEvaluationException(QueryErrorKind.BadData, $"{d.Position.Start}:{d.Position.End}: division by zero");
                        return lhs / rhs;
                    case DurationOp.Mod:
                        if (rhs == 0) throw new QueryEvaluationException(QueryErrorKind.BadData, $"{d.Position.Start}:{d.Position.End}: modulo by zero");
                        return lhs % rhs; // C#'s % on doubles is fmod, as Go's math.Mod
                    case DurationOp.Pow: return Math.Pow(lhs, rhs);
                }
                break;
        }
        throw new QueryEvaluationException(QueryErrorKind.BadData, $"unexpected duration expression type {expr.GetType().Name}");
    }

    // Functions whose result changes with the evaluation time even when their arguments do not
    // (upstream AtModifierUnsafeFunctions): a call to one is never step-invariant.
    private static readonly HashSet<string> AtModifierUnsafeFunctions = new(StringComparer.Ordinal)
    {
        "days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour", "minute", "month", "year",
        "predict_linear", "time", "timestamp",
    };

    /// <summary>
    /// Resolves <c>@ start()</c>/<c>@ end()</c> and returns the nodes to evaluate once per query and
    /// repeat for each step (upstream preprocessExprHelper; the set replaces its StepInvariantExpr wrapper so
    /// the tree's shape stays as parsed).
    /// </summary>
    public static HashSet<Expr> MarkStepInvariant(Expr root, long startMs, long endMs)
    {
        var set = new HashSet<Expr>(ReferenceEqualityComparer.Instance);
        var (_, wrap) = Preprocess(root, startMs, endMs, set);
        if (wrap) set.Add(root);
        return set;
    }

    private static (bool Invariant, bool Wrap) Preprocess(Expr expr, long start, long end, HashSet<Expr> set)
    {
        switch (expr)
        {
            case VectorSelector vs:
                ResolveAt(vs.StartOrEnd, start, end, v => vs.AtMs = v);
                return (vs.AtMs.HasValue, vs.AtMs.HasValue);
            case AggregateExpr agg:
                return Preprocess(agg.Inner, start, end, set);
            case BinaryExpr bin:
            {
                var (li, lw) = Preprocess(bin.Left, start, end, set);
                var (ri, rw) = Preprocess(bin.Right, start, end, set);
                if (li && ri) return (true, true);
                if (lw) set.Add(bin.Left);
                if (rw) set.Add(bin.Right);
                return (false, false);
            }
            case Call call:
            {
                bool invariant = !AtModifierUnsafeFunctions.Contains(call.Function.Name);
                var wraps = new bool[call.Args.Count];
                for (int i = 0; i < call.Args.Count; i++)
                {
                    var (ai, aw) = Preprocess(Unwrap(call.Args[i]), start, end, set);
                    wraps[i] = aw;
                    invariant &= ai;
                }
                if (invariant) return (true, true);
                for (int i = 0; i < wraps.Length; i++)
                    if (wraps[i]) set.Add(Unwrap(call.Args[i]));
                return (false, false);
            }
            case MatrixSelector ms:
                // Functions over range vectors read a matrix selector directly; it is never wrapped itself.
                return (Preprocess(ms.Selector, start, end, set).Invariant, false);
            case SubqueryExpr sq:
            {
                // The inside of a subquery is marked even without @ on the subquery, so that it is evaluated
                // once relative to the subquery's own start (upstream's comment explains the offset reason).
                if (Preprocess(sq.Inner, start, end, set).Invariant) set.Add(sq.Inner);
                ResolveAt(sq.StartOrEnd, start, end, v => sq.AtMs = v);
                return (sq.AtMs.HasValue, sq.AtMs.HasValue);
            }
            case ParenExpr p:
                return Preprocess(p.Inner, start, end, set);
            case UnaryExpr u:
                return Preprocess(u.Operand, start, end, set);
            default:
                // Number and string literals (and duration leaves) are constant but never need wrapping.
                return (true, false);
        }
    }

    private static void ResolveAt(AtModifier modifier, long start, long end, Action<long> set)
    {
        if (modifier == AtModifier.Start) set(start);
        else if (modifier == AtModifier.End) set(end);
    }

    /// <summary>Strips parentheses (upstream unwrapParenExpr).</summary>
    public static Expr Unwrap(Expr e)
    {
        while (e is ParenExpr p) e = p.Inner;
        return e;
    }

    /// <summary>
    /// Sets every selector's and subquery's evaluation offset so that a node with <c>@</c>, evaluated once at
    /// <paramref name="evalTime"/>, reads at its <c>@</c> time (upstream setOffsetForAtModifier).
    /// </summary>
    public static void SetOffsetsForAt(long evalTime, Expr root)
    {
        var path = new List<SubqueryExpr>();
        Visit(root);

        void Visit(Expr node)
        {
            switch (node)
            {
                case VectorSelector vs:
                    vs.OffsetMs = OffsetFor(vs.AtMs, vs.OriginalOffsetMs);
                    return;
                case MatrixSelector ms:
                    Visit(ms.Selector);
                    return;
                case SubqueryExpr sq:
                    sq.OffsetMs = OffsetFor(sq.AtMs, sq.OriginalOffsetMs);
                    path.Add(sq);
                    Visit(sq.Inner);
                    path.RemoveAt(path.Count - 1);
                    return;
            }
            foreach (var child in Children(node)) Visit(child);
        }

        long OffsetFor(long? at, long original)
        {
            if (at is null) return original;
            var (subqOffset, _, subqAt) = SubqueryTimes(path);
            if (subqAt is { } ts) subqOffset += evalTime - ts;
            return original + (evalTime - at.Value) - subqOffset;
        }
    }

    /// <summary>Sum of offsets and ranges of the enclosing subqueries, reset at the innermost one with <c>@</c> (upstream subqueryTimes).</summary>
    private static (long Offset, long Range, long? At) SubqueryTimes(List<SubqueryExpr> path)
    {
        long offset = 0, range = 0;
        long? at = null;
        foreach (var sq in path)
        {
            offset += sq.OriginalOffsetMs;
            range += sq.RangeMs;
            if (sq.AtMs is { } ts)
            {
                offset = sq.OriginalOffsetMs;
                range = sq.RangeMs;
                at = ts;
            }
        }
        return (offset, range, at);
    }

    /// <summary>
    /// The earliest and latest sample times the query can read, from offsets, <c>@</c>, ranges, the lookback
    /// and the extended selectors (upstream FindMinMaxTime); (0, 0) when it selects nothing.
    /// </summary>
    public static (long Min, long Max) FindMinMaxTime(Expr root, long start, long end, long lookbackMs)
    {
        long min = long.MaxValue, max = long.MinValue;
        var path = new List<SubqueryExpr>();
        Visit(root);
        return max == long.MinValue ? (0, 0) : (min, max);

        void Visit(Expr node)
        {
            switch (node)
            {
                case VectorSelector vs:
                    Record(vs, 0);
                    return;
                case MatrixSelector ms:
                    Record(ms.Selector, ms.RangeMs);
                    return;
                case SubqueryExpr sq:
                    path.Add(sq);
                    Visit(sq.Inner);
                    path.RemoveAt(path.Count - 1);
                    return;
            }
            foreach (var child in Children(node)) Visit(child);
        }

        void Record(VectorSelector vs, long range)
        {
            long s = start, e = end;
            var (subqOffset, subqRange, subqAt) = SubqueryTimes(path);
            if (subqAt is { } ts) s = e = ts;
            if (vs.AtMs is { } at) s = e = at;
            else
            {
                s = s - subqOffset - subqRange;
                e -= subqOffset;
            }
            if (range == 0)
            {
                // One ms less than the lookback: a sample exactly lookback before is excluded.
                s -= lookbackMs - 1;
                if (vs.Smoothed) e += lookbackMs;
            }
            else if (vs.Anchored) s -= lookbackMs + range - 1;
            else if (vs.Smoothed)
            {
                s -= lookbackMs + range - 1;
                e += lookbackMs;
            }
            else s -= range - 1;
            s -= vs.OriginalOffsetMs;
            e -= vs.OriginalOffsetMs;
            if (s < min) min = s;
            if (e > max) max = e;
        }
    }

    /// <summary>A range query's result is always ordered by labels, so sort functions in it only cost time; upstream warns at each.</summary>
    public static void WarnSortInRangeQuery(Expr root, Values.Annotations annotations) =>
        Walk(root, node =>
        {
            if (node is Call { Function.Name: "sort" or "sort_desc" or "sort_by_label" or "sort_by_label_desc" } call)
                annotations.Warn("sort is ineffective for range queries since results are always ordered by labels", call.Position);
        });

    /// <summary>The direct sub-expressions of a node, in upstream's Children order.</summary>
    public static IEnumerable<Expr> Children(Expr node)
    {
        switch (node)
        {
            case ParenExpr p: yield return p.Inner; break;
            case UnaryExpr u: yield return u.Operand; break;
            case BinaryExpr b:
                yield return b.Left;
                yield return b.Right;
                break;
            case AggregateExpr a:
                if (a.Param is not null) yield return a.Param;
                yield return a.Inner;
                break;
            case Call c:
                foreach (var arg in c.Args) yield return arg;
                break;
            case MatrixSelector m: yield return m.Selector; break;
            case SubqueryExpr s: yield return s.Inner; break;
        }
    }

    private static void Walk(Expr node, Action<Expr> visit)
    {
        visit(node);
        foreach (var child in Children(node)) Walk(child, visit);
    }
}
