namespace Vigil.Metrics.PromQL.Functions;

/// <summary>Upstream's <c>quantile</c> (promql/quantile.go): the φ-quantile of float values, interpolated between the two nearest ranks.</summary>
internal static class Quantiles
{
    /// <summary>
    /// Sorts <paramref name="values"/> in place (NaN first, as upstream's ordering does) and returns the quantile.
    /// NaN for no values or q NaN; -Inf for q &lt; 0; +Inf for q &gt; 1.
    /// </summary>
    public static double Of(double q, Span<double> values)
    {
        if (values.Length == 0 || double.IsNaN(q)) return double.NaN;
        if (q < 0) return double.NegativeInfinity;
        if (q > 1) return double.PositiveInfinity;
        // .NET orders NaN before every number, which is upstream's order too.
        values.Sort();
        double n = values.Length;
        double rank = q * (n - 1);
        double lowerIndex = Math.Max(0, Math.Floor(rank));
        double upperIndex = Math.Min(n - 1, lowerIndex + 1);
        double weight = rank - Math.Floor(rank);
        return values[(int)lowerIndex] * (1 - weight) + values[(int)upperIndex] * weight;
    }
}
