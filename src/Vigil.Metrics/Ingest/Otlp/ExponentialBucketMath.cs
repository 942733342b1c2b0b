using Vigil.Otlp.Model;
using ModelBuckets = Vigil.Otlp.Model.ExponentialBuckets;

namespace Vigil.Metrics.Ingest.Otlp;

/// <summary>
/// Arithmetic on OTLP exponential histogram buckets: bucket bounds, downscaling (merging 2^k neighbours,
/// index → index >> k) and widening the zero bucket. Shared by the classic-bucket conversion and the delta
/// accumulator. Bucket i at scale s counts |values| in (base^i, base^(i+1)] with base = 2^(2^-s).
/// </summary>
internal static class ExponentialBucketMath
{
    /// <summary>Prometheus stores scales -4..8; finer data is merged down to 8, coarser is refused (histograms.go).</summary>
    public const int MinScale = -4;
    public const int MaxScale = 8;

    /// <summary>base^index at <paramref name="scale"/>: exact powers of two for scale ≤ 0, 2^(index/2^scale) otherwise; ±overflow gives +Inf or 0.</summary>
    public static double Bound(int scale, long index)
    {
        if (scale <= 0)
        {
            long exponent = index << Math.Min(-scale, 30);
            return exponent > 2000 ? double.PositiveInfinity : exponent < -2000 ? 0 : Math.ScaleB(1.0, (int)exponent);
        }
        long whole = index >> scale;
        long frac = index & ((1L << scale) - 1);
        if (whole > 2000) return double.PositiveInfinity;
        if (whole < -2000) return 0;
        double fraction = frac == 0 ? 1.0 : Math.Pow(2, frac / (double)(1L << scale));
        return Math.ScaleB(fraction, (int)whole);
    }

    /// <summary>The buckets merged down by <paramref name="by"/> scale steps (a new object; the input is not changed).</summary>
    public static ModelBuckets Downscale(ModelBuckets buckets, int by)
    {
        var counts = buckets.BucketCounts;
        if (by <= 0 || counts.Length == 0) return new ModelBuckets { Offset = buckets.Offset, BucketCounts = (ulong[])counts.Clone() };
        by = Math.Min(by, 62);
        long first = (long)buckets.Offset >> by;
        long last = ((long)buckets.Offset + counts.Length - 1) >> by;
        var merged = new ulong[last - first + 1];
        for (int i = 0; i < counts.Length; i++) merged[(((long)buckets.Offset + i) >> by) - first] += counts[i];
        return new ModelBuckets { Offset = (int)first, BucketCounts = merged };
    }

    /// <summary>
    /// The populated buckets of <paramref name="point"/> as (upper bound, count) pairs ready for classic
    /// cumulative buckets: negative buckets at le = -base^i (their values lie in [-base^(i+1), -base^i)),
    /// the zero bucket at le = max(zero_threshold, 0), positive buckets at le = base^(i+1); scale above 8
    /// merged down to 8 first. Call only after <see cref="ValidateScale"/> passed.
    /// </summary>
    public static void PopulatedBounds(ExponentialHistogramDataPoint point, List<(double Le, ulong Count)> output)
    {
        output.Clear();
        int scale = point.Scale, down = 0;
        if (scale > MaxScale)
        {
            down = scale - MaxScale;
            scale = MaxScale;
        }
        var negative = Downscale(point.Negative, down);
        for (int i = 0; i < negative.BucketCounts.Length; i++)
        {
            ulong count = negative.BucketCounts[i];
            if (count > 0) output.Add((-Bound(scale, (long)negative.Offset + i), count));
        }
        if (point.ZeroCount > 0)
        {
            double zt = point.ZeroThreshold;
            output.Add((double.IsFinite(zt) && zt > 0 ? zt : 0, point.ZeroCount));
        }
        var positive = Downscale(point.Positive, down);
        for (int i = 0; i < positive.BucketCounts.Length; i++)
        {
            ulong count = positive.BucketCounts[i];
            if (count > 0) output.Add((Bound(scale, (long)positive.Offset + i + 1), count));
        }
    }

    /// <summary>Null when Prometheus would accept the scale, else its error text.</summary>
    public static string? ValidateScale(int scale) => scale < MinScale
        ? $"cannot convert exponential to native histogram. Scale must be >= -4, was {scale}"
        : null;

    /// <summary>
    /// Moves buckets that lie wholly inside a zero bucket widened to <paramref name="threshold"/> into the zero
    /// count (the deltatocumulative processor's WidenZero), so two points with different thresholds can merge.
    /// </summary>
    public static void WidenZero(ExponentialHistogramDataPoint point, double threshold)
    {
        if (!(threshold > point.ZeroThreshold)) return;
        point.ZeroThreshold = threshold;
        point.ZeroCount += TakeBelow(point.Positive, point.Scale, threshold);
        point.ZeroCount += TakeBelow(point.Negative, point.Scale, threshold);
    }

    private static ulong TakeBelow(ModelBuckets buckets, int scale, double threshold)
    {
        ulong moved = 0;
        int drop = 0;
        var counts = buckets.BucketCounts;
        while (drop < counts.Length && Bound(scale, (long)buckets.Offset + drop + 1) <= threshold)
        {
            moved += counts[drop];
            drop++;
        }
        if (drop > 0)
        {
            buckets.BucketCounts = counts[drop..];
            buckets.Offset += drop;
        }
        return moved;
    }
}
