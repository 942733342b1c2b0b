using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.PromQL.Engine;

/// <summary>Element-wise arithmetic and comparison (upstream scalarBinop, vectorElemBinop, VectorscalarBinop), float samples.</summary>
internal static class BinaryOps
{
    public static bool IsComparison(BinaryOperator op) =>
        op is BinaryOperator.Eql or BinaryOperator.Neq or BinaryOperator.Gtr or BinaryOperator.Lss or BinaryOperator.Gte or BinaryOperator.Lte;

    /// <summary>Arithmetic operators change what a value means, so the result loses __name__, __type__ and __unit__ (upstream changesMetricSchema).</summary>
    public static bool ChangesMetricSchema(BinaryOperator op) =>
        op is BinaryOperator.Add or BinaryOperator.Sub or BinaryOperator.Mul or BinaryOperator.Div
            or BinaryOperator.Pow or BinaryOperator.Mod or BinaryOperator.Atan2;

    /// <summary>The native histogram trim operators <c>&lt;/</c> and <c>&gt;/</c>.</summary>
    public static bool IsTrim(BinaryOperator op) => op is BinaryOperator.TrimUpper or BinaryOperator.TrimLower;

    /// <summary>Upstream's info for a trim between floats (NewIncompatibleTypesInBinOpInfo).</summary>
    public static string IncompatibleTrimDetail(BinaryOperator op)
    {
        string name = op == BinaryOperator.TrimUpper ? "</" : ">/";
        return $"incompatible sample types encountered for binary operator \"{name}\": float {name} float";
    }

    public static double Scalar(BinaryOperator op, double lhs, double rhs) => op switch
    {
        BinaryOperator.Add => lhs + rhs,
        BinaryOperator.Sub => lhs - rhs,
        BinaryOperator.Mul => lhs * rhs,
        BinaryOperator.Div => lhs / rhs,
        BinaryOperator.Pow => Math.Pow(lhs, rhs),
        BinaryOperator.Mod => lhs % rhs,
        BinaryOperator.Eql => lhs == rhs ? 1 : 0,
        BinaryOperator.Neq => lhs != rhs ? 1 : 0,
        BinaryOperator.Gtr => lhs > rhs ? 1 : 0,
        BinaryOperator.Lss => lhs < rhs ? 1 : 0,
        BinaryOperator.Gte => lhs >= rhs ? 1 : 0,
        BinaryOperator.Lte => lhs <= rhs ? 1 : 0,
        BinaryOperator.Atan2 => Math.Atan2(lhs, rhs),
        _ => throw new QueryEvaluationException(QueryErrorKind.Internal, $"operator {op} not allowed for Scalar operations"),
    };

    /// <summary>One element pair: the value and, for comparisons, whether the pair is kept (the value is then the left side's).</summary>
    public static (double Value, bool Keep) Elements(BinaryOperator op, double lhs, double rhs) => op switch
    {
        BinaryOperator.Add => (lhs + rhs, true),
        BinaryOperator.Sub => (lhs - rhs, true),
        BinaryOperator.Mul => (lhs * rhs, true),
        BinaryOperator.Div => (lhs / rhs, true),
        BinaryOperator.Pow => (Math.Pow(lhs, rhs), true),
        BinaryOperator.Mod => (lhs % rhs, true),
        BinaryOperator.Eql => (lhs, lhs == rhs),
        BinaryOperator.Neq => (lhs, lhs != rhs),
        BinaryOperator.Gtr => (lhs, lhs > rhs),
        BinaryOperator.Lss => (lhs, lhs < rhs),
        BinaryOperator.Gte => (lhs, lhs >= rhs),
        BinaryOperator.Lte => (lhs, lhs <= rhs),
        BinaryOperator.Atan2 => (Math.Atan2(lhs, rhs), true),
        // Trimming applies to native histograms only; between floats it yields nothing (and an info, see IsTrim).
        BinaryOperator.TrimUpper or BinaryOperator.TrimLower => (0, false),
        _ => throw new QueryEvaluationException(QueryErrorKind.Internal, $"operator {op} not allowed for operations between Vectors"),
    };

    /// <summary>
    /// Vector-scalar operation (upstream VectorscalarBinop). <paramref name="swap"/>: the scalar is on the left.
    /// A comparison keeps the vector element's value; arithmetic and bool mark the name for removal.
    /// </summary>
    public static void VectorScalar(BinaryOperator op, Vector vector, double scalar, bool swap, bool returnBool, Vector output)
    {
        bool comparison = IsComparison(op);
        bool dropName = ChangesMetricSchema(op) || returnBool;
        foreach (var sample in vector)
        {
            double lf = sample.F, rf = scalar;
            if (swap) (lf, rf) = (rf, lf);
            var (value, keep) = Elements(op, lf, rf);
            if (comparison && swap) value = rf;
            if (returnBool)
            {
                value = keep ? 1 : 0;
                keep = true;
            }
            if (!keep) continue;
            var result = sample;
            result.F = value;
            if (dropName) result.DropName = true;
            output.Add(result);
        }
    }
}
