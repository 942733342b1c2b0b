using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.PromQL.Engine;

/// <summary>
/// Evaluates expression nodes over fixed, evenly spaced timestamps (upstream's <c>evaluator</c>): every
/// node yields a <see cref="Matrix"/> holding, per output series, one point per step at which it has a
/// value. An instant query is a one-step evaluation; subqueries and step-invariant subtrees get child
/// evaluators over their own steps that share the query's <see cref="QueryContext"/>.
/// </summary>
internal sealed partial class Evaluator(QueryContext ctx, long start, long end, long interval)
{
    private readonly QueryContext _ctx = ctx;
    private readonly long _start = start;
    private readonly long _end = end;
    private readonly long _interval = interval;

    /// <summary>Steps from start to end inclusive.</summary>
    private int NumSteps => (int)((_end - _start) / _interval) + 1;

    private bool IsInstant => _start == _end;

    /// <summary>Evaluates a node (never a string literal: callers read those from the tree).</summary>
    public Matrix Eval(Expr expr)
    {
        _ctx.CheckCancelled();
        if (_end < _start) return [];
        if (_ctx.StepInvariant.Contains(expr)) return EvalStepInvariant(expr);
        return EvalNode(expr);
    }

    private Matrix EvalNode(Expr expr) => expr switch
    {
        AggregateExpr agg => EvalAggregate(agg),
        Call call => EvalCall(call),
        ParenExpr paren => Eval(paren.Inner),
        UnaryExpr unary => EvalUnary(unary),
        BinaryExpr binary => EvalBinary(binary),
        NumberLiteral number => EvalNumber(number.Value),
        VectorSelector selector => EvalVectorSelector(selector),
        MatrixSelector matrix => IsInstant
            ? EvalMatrixSelector(matrix)
            : throw new QueryEvaluationException(QueryErrorKind.Internal, "cannot do range evaluation of matrix selector"),
        SubqueryExpr subquery => EvalSubquery(subquery),
        _ => throw new QueryEvaluationException(QueryErrorKind.Internal, $"unhandled expression of type: {expr.GetType().Name}"),
    };

    private Matrix EvalNumber(double value)
    {
        int steps = NumSteps;
        var series = new RangeSeries(Labels.Empty) { Floats = new List<FPoint>(steps) };
        for (long ts = _start; ts <= _end; ts += _interval) series.Floats.Add(new FPoint(ts, value));
        _ctx.AddSamples(steps);
        _ctx.UpdatePeak();
        return [series];
    }

    private Matrix EvalUnary(UnaryExpr e)
    {
        var mat = Eval(e.Operand);
        if (!e.Negate) return mat;
        foreach (var series in mat)
        {
            // Delayed name removal: the name goes at the end of the query, not here.
            series.DropName = true;
            var floats = series.Floats;
            for (int j = 0; j < floats.Count; j++) floats[j] = new FPoint(floats[j].T, -floats[j].F);
            // Native histograms (series.Histograms) would be negated here; the store holds none yet.
        }
        return mat;
    }

    /// <summary>
    /// Evaluates a step-invariant subtree once, at the first step, and repeats its value for the other
    /// steps (upstream's StepInvariantExpr case). Range-vector results are returned as they are.
    /// </summary>
    private Matrix EvalStepInvariant(Expr expr)
    {
        var once = new Evaluator(_ctx, _start, _start, _interval);
        var mat = once.EvalNode(expr);
        if (expr is MatrixSelector or SubqueryExpr || IsInstant) return mat;
        int extra = NumSteps - 1;
        foreach (var series in mat)
        {
            if (series.Floats.Count != 1)
                throw new QueryEvaluationException(QueryErrorKind.Internal, "unexpected number of samples");
            double value = series.Floats[0].F;
            series.Floats.Capacity = extra + 1;
            for (long ts = _start + _interval; ts <= _end; ts += _interval)
            {
                series.Floats.Add(new FPoint(ts, value));
                _ctx.AddSamples(1);
            }
        }
        _ctx.UpdatePeak();
        return mat;
    }

    /// <summary>
    /// A subquery runs the inner expression in a child evaluator whose steps are aligned to multiples of the
    /// subquery step from the epoch (upstream: the first aligned time after start − offset − range).
    /// </summary>
    private Matrix EvalSubquery(SubqueryExpr e)
    {
        long offset = e.OffsetMs;
        long range = e.RangeMs;
        long step = e.StepMs != 0 ? e.StepMs : _ctx.DefaultSubqueryStepMs;
        long from = _start - offset - range;
        long subStart = step * (from / step);
        if (subStart <= from) subStart += step;
        if (subStart != _start)
        {
            // Offsets of selectors with @ are relative to the evaluator's start time.
            QueryPreparer.SetOffsetsForAt(subStart, e.Inner);
        }
        var child = new Evaluator(_ctx, subStart, _end - offset, step);
        return child.Eval(e.Inner);
    }

    /// <summary>Where a series' next point is; the engine reads matrices step by step with one cursor per series.</summary>
    private static bool TryTake(RangeSeries series, ref int cursor, long ts, out double value)
    {
        var floats = series.Floats;
        if (cursor < floats.Count && floats[cursor].T == ts)
        {
            value = floats[cursor].F;
            cursor++;
            return true;
        }
        value = 0;
        return false;
    }
}
