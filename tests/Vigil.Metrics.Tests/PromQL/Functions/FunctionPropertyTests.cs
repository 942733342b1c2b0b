using CsCheck;
using System.Text.RegularExpressions;
using Vigil.Metrics.PromQL.Functions;
using Vigil.Metrics.PromQL.Values;
using static Vigil.Metrics.Tests.PromQL.Functions.FunctionTestKit;

namespace Vigil.Metrics.Tests.PromQL.Functions;

/// <summary>Properties over random inputs: quantiles are ordered, fractions are fractions, rates of steady counters are exact, template expansion never throws.</summary>
public sealed class FunctionPropertyTests
{
    private static readonly Gen<List<Bucket>> ClassicHistogram =
        Gen.Select(Gen.Double[0, 1000].Array[1, 8], Gen.Double[0, 50].Array[1, 8], (bounds, increments) =>
        {
            var sorted = bounds.Distinct().Order().ToArray();
            var buckets = new List<Bucket>();
            double count = 0;
            for (int i = 0; i < sorted.Length; i++)
            {
                count += increments[i % increments.Length];
                buckets.Add(new Bucket(sorted[i], count));
            }
            buckets.Add(new Bucket(double.PositiveInfinity, count + increments[0]));
            return buckets;
        });

    [Fact]
    public void Bucket_quantiles_do_not_decrease_with_q_and_stay_within_the_bounds()
    {
        // q > 0: at q = 0 an empty first bucket gives 0/0 = NaN, as upstream.
        Gen.Select(ClassicHistogram, Gen.Double[0.001, 1], Gen.Double[0.001, 1]).Sample((buckets, a, b) =>
        {
            double lo = Math.Min(a, b), hi = Math.Max(a, b);
            double qlo = ClassicBuckets.Quantile(lo, [.. buckets], out _);
            double qhi = ClassicBuckets.Quantile(hi, [.. buckets], out _);
            if (double.IsNaN(qlo) || double.IsNaN(qhi)) return buckets.Count < 2 || buckets[^1].Count == 0;
            double maxFinite = buckets.Count > 1 ? buckets[^2].Upper : 0;
            return qlo <= qhi + 1e-9 && qhi <= maxFinite + 1e-9 && qlo >= Math.Min(0, buckets[0].Upper) - 1e-9;
        });
    }

    [Fact]
    public void Bucket_fractions_lie_in_zero_one_and_the_whole_range_is_one()
    {
        Gen.Select(ClassicHistogram, Gen.Double[-10, 1100], Gen.Double[-10, 1100]).Sample((buckets, a, b) =>
        {
            double f = ClassicBuckets.Fraction(Math.Min(a, b), Math.Max(a, b), [.. buckets]);
            double all = ClassicBuckets.Fraction(double.NegativeInfinity, double.PositiveInfinity, [.. buckets]);
            // Without observations both are NaN.
            if (buckets[^1].Count == 0) return double.IsNaN(f) && double.IsNaN(all);
            return f is >= -1e-12 and <= 1 + 1e-12 && Math.Abs(all - 1) < 1e-12;
        });
    }

    [Fact]
    public void Rate_of_a_steady_counter_sampled_on_the_window_grid_is_its_slope()
    {
        Gen.Select(Gen.Int[2, 60], Gen.Double[0.001, 1000], Gen.Int[1, 30]).Sample((samples, slope, intervalSeconds) =>
        {
            long interval = intervalSeconds * 1000L;
            long range = samples * interval;
            var points = Enumerable.Range(0, samples + 1).Select(i => new FPoint(i * interval, slope * i * intervalSeconds)).ToList();
            var v = CallRange("rate", range, points, range);
            return v.Count == 1 && Math.Abs(v[0].F - slope) <= 1e-9 * slope;
        });
    }

    [Fact]
    public void Linear_regression_recovers_a_line()
    {
        Gen.Select(Gen.Int[2, 50], Gen.Double[-100, 100], Gen.Double[-1000, 1000]).Sample((n, slope, intercept) =>
        {
            var points = Enumerable.Range(0, n).Select(i => new FPoint(i * 15_000L, intercept + slope * i * 15)).ToArray();
            var (s, c) = TrendFunctions.LinearRegression(points, 0);
            return Math.Abs(s - slope) <= 1e-6 * Math.Max(1, Math.Abs(slope)) && Math.Abs(c - intercept) <= 1e-6 * Math.Max(1, Math.Abs(intercept));
        });
    }

    [Fact]
    public void Template_expansion_never_throws()
    {
        var regex = new Regex("(?<name>a+)(b*)");
        var template = new GoRegexTemplate("(?P<name>a+)(b*)");
        var match = regex.Match("aab");
        Gen.String[Gen.Char["${}ab01_z "], 0, 12].Sample(t =>
        {
            string expanded = template.Expand(t, match);
            return expanded.Length <= t.Length * 4 + 8;
        });
    }
}
