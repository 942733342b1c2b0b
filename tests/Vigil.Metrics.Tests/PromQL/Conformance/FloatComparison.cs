using Vigil.Metrics.Model;

namespace Vigil.Metrics.Tests.PromQL.Conformance;

/// <summary>
/// Float equality of the scripts (README 5, upstream <c>util/almost.Equal</c> with epsilon 1e-6): stale markers
/// only equal each other, other NaNs are equal, exact equality covers infinities, then a relative tolerance
/// (absolute near zero and for subnormals).
/// </summary>
internal static class FloatComparison
{
    public const double Epsilon = 1e-6;
    private const double MinNormal = 2.2250738585072014e-308;

    public static bool Equal(double a, double b, double epsilon = Epsilon)
    {
        bool staleA = StaleNaN.Is(a), staleB = StaleNaN.Is(b);
        if (staleA || staleB) return staleA && staleB;
        if (double.IsNaN(a) && double.IsNaN(b)) return true;
        if (a == b) return true;
        double diff = Math.Abs(a - b);
        double sum = Math.Abs(a) + Math.Abs(b);
        if (a == 0 || b == 0 || sum < MinNormal) return diff < epsilon * MinNormal;
        return diff / Math.Min(sum, double.MaxValue) < epsilon;
    }
}
