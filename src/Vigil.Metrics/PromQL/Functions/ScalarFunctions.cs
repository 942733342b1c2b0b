using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.PromQL.Functions;

/// <summary>
/// Conversions and query-time scalars: vector, scalar, time, timestamp, and the experimental start(), end(),
/// range(), step(), min_of and max_of. A scalar result is one sample whose F is the value (the engine turns it
/// into a scalar). Upstream: promql/functions.go.
/// </summary>
internal static class ScalarFunctions
{
    public static void Register(Dictionary<string, FunctionCall> registry)
    {
        registry["time"] = static (_, _, _, h, _) => Scalar(h, h.Timestamp / 1000.0);
        registry["start"] = static (_, _, _, h, _) => Scalar(h, h.QueryStart / 1000.0);
        registry["end"] = static (_, _, _, h, _) => Scalar(h, h.QueryEnd / 1000.0);
        registry["range"] = static (_, _, _, h, _) => Scalar(h, (h.QueryEnd - h.QueryStart) / 1000.0);
        registry["step"] = static (_, _, _, h, _) => Scalar(h, h.QueryStep / 1000.0);
        // Go's math.Min/Max: NaN if either is NaN, as .NET's.
        registry["min_of"] = static (v, _, args, h, _) => TwoScalars(v, args, h, Math.Min);
        registry["max_of"] = static (v, _, args, h, _) => TwoScalars(v, args, h, Math.Max);
        registry["vector"] = static (v, _, args, h, _) =>
        {
            if (FunctionArgs.Scalar(v, args, 0) is { } value) h.Output.Add(new Sample(Labels.Empty, h.Timestamp, value));
        };
        registry["scalar"] = static (v, _, args, h, _) => Scalar(h, SingleFloat(FunctionArgs.Vector(v, args, 0)));
        // Per-sample start timestamps are not stored (their own issue); a sample without one gives no result,
        // as upstream's start_timestamp() does for samples lacking it (start_timestamps.test).
        registry["start_timestamp"] = static (_, _, _, _, _) => { };
        registry["timestamp"] = static (v, _, args, h, _) =>
        {
            // The engine passes a selector's samples with their own timestamps (upstream evaluates the selector
            // specially for timestamp()); a computed vector carries the evaluation time.
            foreach (var s in FunctionArgs.Vector(v, args, 0))
                h.Output.Add(new Sample(s.Metric, h.Timestamp, s.T / 1000.0) { DropName = true });
        };
    }

    private static void Scalar(EvalNodeHelper helper, double value) => helper.Output.Add(new Sample(Labels.Empty, helper.Timestamp, value));

    private static void TwoScalars(IReadOnlyList<Vector> vectorArgs, IReadOnlyList<Ast.Expr> args, EvalNodeHelper helper, Func<double, double, double> f)
    {
        if (FunctionArgs.Scalar(vectorArgs, args, 0) is { } a && FunctionArgs.Scalar(vectorArgs, args, 1) is { } b) Scalar(helper, f(a, b));
    }

    /// <summary>The value of the only float sample; NaN when there is none or more than one (histograms do not count).</summary>
    private static double SingleFloat(Vector input)
    {
        double value = double.NaN;
        bool found = false;
        foreach (var s in input)
        {
            if (s.H is not null) continue;
            if (found) return double.NaN;
            found = true;
            value = s.F;
        }
        return value;
    }
}
