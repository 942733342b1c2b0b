using Vigil.Otlp.Model;
using ModelBuckets = Vigil.Otlp.Model.ExponentialBuckets;

namespace Vigil.Metrics.Ingest.Otlp;

/// <summary>
/// Adds one exponential histogram into another, as the deltatocumulative processor does
/// (internal/data/add.go <c>ExpHistogram.Add</c>): bring both to the lower scale, downscale further while
/// the merged range would exceed 160 buckets, widen the smaller zero bucket, then add counts.
/// </summary>
internal static class ExponentialHistogramMerge
{
    /// <summary>Upstream's cap on buckets after a merge (<c>maxBuckets</c>).</summary>
    public const int MaxBuckets = 160;

    public static void AddInto(ExponentialHistogramDataPoint total, ExponentialHistogramDataPoint delta)
    {
        var incoming = Clone(delta);
        if (total.Scale > incoming.Scale) DownscaleInPlace(total, total.Scale - incoming.Scale);
        else if (incoming.Scale > total.Scale) DownscaleInPlace(incoming, incoming.Scale - total.Scale);

        int extra = Math.Max(ExtraDownscale(total.Positive, incoming.Positive), ExtraDownscale(total.Negative, incoming.Negative));
        if (extra > 0)
        {
            DownscaleInPlace(total, extra);
            DownscaleInPlace(incoming, extra);
        }

        if (total.ZeroThreshold != incoming.ZeroThreshold)
        {
            double threshold = Math.Max(total.ZeroThreshold, incoming.ZeroThreshold);
            ExponentialBucketMath.WidenZero(total, threshold);
            ExponentialBucketMath.WidenZero(incoming, threshold);
        }

        total.Positive = Add(total.Positive, incoming.Positive);
        total.Negative = Add(total.Negative, incoming.Negative);
        total.Count += incoming.Count;
        total.ZeroCount += incoming.ZeroCount;
        total.Sum = total.Sum.HasValue && incoming.Sum.HasValue ? total.Sum + incoming.Sum : null;
        total.Min = total.Min.HasValue && incoming.Min.HasValue ? Math.Min(total.Min.Value, incoming.Min.Value) : null;
        total.Max = total.Max.HasValue && incoming.Max.HasValue ? Math.Max(total.Max.Value, incoming.Max.Value) : null;
        total.TimeUnixNano = incoming.TimeUnixNano;
    }

    public static ExponentialHistogramDataPoint Clone(ExponentialHistogramDataPoint p) => new()
    {
        Attributes = p.Attributes,
        StartTimeUnixNano = p.StartTimeUnixNano,
        TimeUnixNano = p.TimeUnixNano,
        Count = p.Count,
        Sum = p.Sum,
        Scale = p.Scale,
        ZeroCount = p.ZeroCount,
        Positive = new ModelBuckets { Offset = p.Positive.Offset, BucketCounts = (ulong[])p.Positive.BucketCounts.Clone() },
        Negative = new ModelBuckets { Offset = p.Negative.Offset, BucketCounts = (ulong[])p.Negative.BucketCounts.Clone() },
        Flags = p.Flags,
        Min = p.Min,
        Max = p.Max,
        ZeroThreshold = p.ZeroThreshold,
    };

    private static void DownscaleInPlace(ExponentialHistogramDataPoint p, int by)
    {
        p.Positive = ExponentialBucketMath.Downscale(p.Positive, by);
        p.Negative = ExponentialBucketMath.Downscale(p.Negative, by);
        p.Scale -= by;
    }

    /// <summary>How many more halvings keep the union of both ranges (leading/trailing empty buckets ignored) within <see cref="MaxBuckets"/>.</summary>
    private static int ExtraDownscale(ModelBuckets a, ModelBuckets b)
    {
        if (!Range(a, out long aLo, out long aHi) & !Range(b, out long bLo, out long bHi)) return 0;
        long lo = Math.Min(aLo, bLo), hi = Math.Max(aHi, bHi);
        int by = 0;
        while (hi - lo + 1 > MaxBuckets)
        {
            lo >>= 1;
            hi >>= 1;
            by++;
        }
        return by;
    }

    /// <summary>Indexes of the first and last non-empty bucket; false (and an empty range) when none.</summary>
    private static bool Range(ModelBuckets buckets, out long lo, out long hi)
    {
        var counts = buckets.BucketCounts;
        int first = 0, last = counts.Length - 1;
        while (first <= last && counts[first] == 0) first++;
        while (last >= first && counts[last] == 0) last--;
        if (first > last)
        {
            lo = long.MaxValue;
            hi = long.MinValue;
            return false;
        }
        lo = (long)buckets.Offset + first;
        hi = (long)buckets.Offset + last;
        return true;
    }

    /// <summary>The sum of two bucket runs over the span of their non-empty buckets (empty edges are dropped, so far-apart offsets cannot blow up the array).</summary>
    private static ModelBuckets Add(ModelBuckets a, ModelBuckets b)
    {
        bool hasA = Range(a, out long aLo, out long aHi), hasB = Range(b, out long bLo, out long bHi);
        if (!hasA && !hasB) return new ModelBuckets();
        long lo = Math.Min(aLo, bLo), hi = Math.Max(aHi, bHi);
        var counts = new ulong[hi - lo + 1];
        if (hasA) for (long i = aLo; i <= aHi; i++) counts[i - lo] += a.BucketCounts[i - a.Offset];
        if (hasB) for (long i = bLo; i <= bHi; i++) counts[i - lo] += b.BucketCounts[i - b.Offset];
        return new ModelBuckets { Offset = (int)lo, BucketCounts = counts };
    }
}
