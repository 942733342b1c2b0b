using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.PromQL.Functions;

/// <summary>
/// Element-wise math on an instant vector: abs, ceil, floor, exp, sqrt, ln, log2, log10, sgn, round, clamp,
/// clamp_min, clamp_max, the trigonometric and hyperbolic functions, deg, rad, and pi(). Histogram samples are
/// skipped; results drop the metric name. Upstream: promql/functions.go (<c>simpleFloatFunc</c>, <c>clamp</c>).
/// </summary>
internal static class MathFunctions
{
    public static void Register(Dictionary<string, FunctionCall> registry)
    {
        Simple(registry, "abs", Math.Abs);
        Simple(registry, "ceil", Math.Ceiling);
        Simple(registry, "floor", Math.Floor);
        Simple(registry, "exp", Math.Exp);
        Simple(registry, "sqrt", Math.Sqrt);
        Simple(registry, "ln", Math.Log);
        Simple(registry, "log2", Math.Log2);
        Simple(registry, "log10", Math.Log10);
        Simple(registry, "sin", Math.Sin);
        Simple(registry, "cos", Math.Cos);
        Simple(registry, "tan", Math.Tan);
        Simple(registry, "asin", Math.Asin);
        Simple(registry, "acos", Math.Acos);
        Simple(registry, "atan", Math.Atan);
        Simple(registry, "sinh", Math.Sinh);
        Simple(registry, "cosh", Math.Cosh);
        Simple(registry, "tanh", Math.Tanh);
        Simple(registry, "asinh", Math.Asinh);
        Simple(registry, "acosh", Math.Acosh);
        Simple(registry, "atanh", Math.Atanh);
        Simple(registry, "rad", static v => v * Math.PI / 180);
        Simple(registry, "deg", static v => v * 180 / Math.PI);
        // sgn keeps ±0 and NaN as they are.
        Simple(registry, "sgn", static v => v < 0 ? -1 : v > 0 ? 1 : v);
        registry["pi"] = static (_, _, _, h, _) => h.Output.Add(new Sample(Model.Labels.Empty, h.Timestamp, Math.PI));
        registry["round"] = Round;
        registry["clamp"] = static (v, _, args, h, _) =>
        {
            if (FunctionArgs.Scalar(v, args, 1) is { } min && FunctionArgs.Scalar(v, args, 2) is { } max)
                Clamp(FunctionArgs.Vector(v, args, 0), min, max, h);
        };
        registry["clamp_min"] = static (v, _, args, h, _) =>
        {
            if (FunctionArgs.Scalar(v, args, 1) is { } min) Clamp(FunctionArgs.Vector(v, args, 0), min, double.PositiveInfinity, h);
        };
        registry["clamp_max"] = static (v, _, args, h, _) =>
        {
            if (FunctionArgs.Scalar(v, args, 1) is { } max) Clamp(FunctionArgs.Vector(v, args, 0), double.NegativeInfinity, max, h);
        };
    }

    private static void Simple(Dictionary<string, FunctionCall> registry, string name, Func<double, double> f) =>
        registry[name] = (v, _, args, h, _) => Apply(FunctionArgs.Vector(v, args, 0), h, f);

    /// <summary>Applies <paramref name="f"/> to every float sample (histograms are skipped), marking the name for dropping.</summary>
    internal static void Apply(Vector input, EvalNodeHelper helper, Func<double, double> f)
    {
        foreach (var s in input)
        {
            if (s.H is not null) continue;
            helper.Output.Add(new Sample(s.Metric, helper.Timestamp, f(s.F)) { DropName = true });
        }
    }

    private static void Round(IReadOnlyList<Vector> vectorArgs, Matrix _, IReadOnlyList<Expr> args, EvalNodeHelper helper, Annotations annotations)
    {
        double toNearest = args.Count >= 2 && FunctionArgs.Scalar(vectorArgs, args, 1) is { } n ? n : 1;
        // Multiplying by the inverse causes fewer floating point surprises than dividing (upstream's comment).
        double inverse = 1.0 / toNearest;
        foreach (var s in FunctionArgs.Vector(vectorArgs, args, 0))
        {
            if (s.H is not null) continue;
            // Ties round up, as upstream's floor(x + 0.5).
            helper.Output.Add(new Sample(s.Metric, helper.Timestamp, Math.Floor(s.F * inverse + 0.5) / inverse) { DropName = true });
        }
    }

    private static void Clamp(Vector input, double min, double max, EvalNodeHelper helper)
    {
        // An empty interval gives an empty result.
        if (max < min) return;
        foreach (var s in input)
        {
            if (s.H is not null) continue;
            // Go's math.Max/Min propagate NaN, like .NET's.
            helper.Output.Add(new Sample(s.Metric, helper.Timestamp, Math.Max(min, Math.Min(max, s.F))) { DropName = true });
        }
    }
}
