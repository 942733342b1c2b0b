using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.PromQL.Functions;

/// <summary>
/// Reading a call's arguments the same way whatever slot layout the engine uses: <c>vectorArgs</c> either has
/// one slot per argument (the range-vector slot empty) or, as upstream passes them, only the non-matrix
/// arguments in order. Upstream: promql/functions.go (<c>vectorVals</c>, <c>stringFromArg</c>).
/// </summary>
internal static class FunctionArgs
{
    /// <summary>The evaluated value of argument <paramref name="argIndex"/> (an instant vector or a scalar as a one-sample vector).</summary>
    public static Vector Vector(IReadOnlyList<Vector> vectorArgs, IReadOnlyList<Expr> args, int argIndex)
    {
        if (vectorArgs.Count >= args.Count) return vectorArgs[argIndex];
        int slot = 0;
        for (int i = 0; i < argIndex; i++)
            if (Unwrap(args[i]).Type != ExprType.Matrix) slot++;
        return slot < vectorArgs.Count ? vectorArgs[slot] : EmptyVector;
    }

    /// <summary>The scalar argument's value, or null when the engine passed no sample for it.</summary>
    public static double? Scalar(IReadOnlyList<Vector> vectorArgs, IReadOnlyList<Expr> args, int argIndex)
    {
        var v = Vector(vectorArgs, args, argIndex);
        return v.Count == 0 ? null : v[0].F;
    }

    /// <summary>A string literal argument's text (the parser guarantees the type; parentheses are looked through).</summary>
    public static string String(IReadOnlyList<Expr> args, int argIndex) => Unwrap(args[argIndex]) switch
    {
        StringLiteral s => s.Value,
        var other => throw new FunctionEvalException($"expected a string literal argument, got {other.GetType().Name}"),
    };

    /// <summary>The matrix selector behind a range-vector argument, or null for a subquery.</summary>
    public static MatrixSelector? MatrixSelector(IReadOnlyList<Expr> args, int argIndex = 0) =>
        argIndex < args.Count ? Unwrap(args[argIndex]) as MatrixSelector : null;

    public static Expr Unwrap(Expr e)
    {
        while (e is ParenExpr p) e = p.Inner;
        return e;
    }

    /// <summary>The position annotations about argument <paramref name="argIndex"/> carry.</summary>
    public static PositionRange Position(IReadOnlyList<Expr> args, int argIndex) =>
        argIndex < args.Count ? args[argIndex].Position : default;

    /// <summary>Upstream's <c>args.PositionRange()</c>: from the first argument's start to the last one's end.</summary>
    public static PositionRange AllPosition(IReadOnlyList<Expr> args) =>
        args.Count == 0 ? default : new PositionRange(args[0].Position.Start, args[^1].Position.End);

    public static string MetricName(Labels metric) => metric.Get(Labels.MetricName);

    private static readonly Vector EmptyVector = new();
}
