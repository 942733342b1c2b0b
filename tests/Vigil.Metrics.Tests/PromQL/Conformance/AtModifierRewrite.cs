using Vigil.Metrics.PromQL.Ast;

namespace Vigil.Metrics.Tests.PromQL.Conformance;

/// <summary>
/// README 5, extra check 1 (upstream <c>atModifierTestCases</c>): pins every selector and subquery without an
/// <c>@</c> to the eval time, leaving everything under a subquery that has (or now gets) one untouched, so the
/// query must give the same result at other evaluation times. The runner then prints the tree and runs the
/// printed text, as upstream does, so annotation positions refer to the printed query.
/// </summary>
internal static class AtModifierRewrite
{
    /// <summary>Functions whose result depends on the evaluation time even with step-invariant arguments.</summary>
    private static readonly HashSet<string> TimeDependent = new(StringComparer.Ordinal)
    {
        "time", "timestamp", "hour", "minute", "month", "year", "day_of_month", "day_of_week", "day_of_year",
        "days_in_month", "predict_linear", "start", "end", "range", "step",
    };

    /// <summary>Rewrites <paramref name="root"/> in place; false when the query calls a time-dependent function (no re-runs then).</summary>
    public static bool Apply(Expr root, long atMs)
    {
        bool safe = true;
        Visit(root, atMs, ref safe);
        return safe;
    }

    /// <summary>Upstream's re-run times: -10t, 0, t/5, t and 10t (for t = 0: -1s, 0, +1s).</summary>
    public static long[] EvalTimes(long t) => t == 0 ? [-1000, 0, 1000] : [-10 * t, 0, t / 5, t, 10 * t];

    private static void Visit(Expr expr, long atMs, ref bool safe)
    {
        switch (expr)
        {
            case VectorSelector vs:
                Pin(vs, atMs);
                break;
            case MatrixSelector ms:
                Pin(ms.Selector, atMs);
                break;
            case SubqueryExpr sq:
                // Whether it had an @ or gets one now, nothing below it changes (and its calls are not inspected).
                if (sq.AtMs is null)
                {
                    sq.AtMs = atMs;
                    sq.StartOrEnd = AtModifier.None;
                }
                break;
            case Call call:
                if (TimeDependent.Contains(call.Function.Name)) safe = false;
                foreach (var arg in call.Args) Visit(arg, atMs, ref safe);
                break;
            case ParenExpr p:
                Visit(p.Inner, atMs, ref safe);
                break;
            case UnaryExpr u:
                Visit(u.Operand, atMs, ref safe);
                break;
            case BinaryExpr b:
                Visit(b.Left, atMs, ref safe);
                Visit(b.Right, atMs, ref safe);
                break;
            case AggregateExpr a:
                if (a.Param is not null) Visit(a.Param, atMs, ref safe);
                Visit(a.Inner, atMs, ref safe);
                break;
        }
    }

    /// <summary>An <c>@ start()</c>/<c>@ end()</c> has no timestamp yet, so it is replaced like upstream's printer does.</summary>
    private static void Pin(VectorSelector vs, long atMs)
    {
        if (vs.AtMs is not null) return;
        vs.AtMs = atMs;
        vs.StartOrEnd = AtModifier.None;
    }
}
