namespace Vigil.Metrics.PromQL.Functions;

/// <summary>One classic histogram bucket: its <c>le</c> upper bound and cumulative count.</summary>
internal record struct Bucket(double Upper, double Count);

/// <summary>
/// Quantiles and fractions over classic (<c>le</c>-labelled) histogram buckets, as upstream's
/// promql/quantile.go <c>BucketQuantile</c>: buckets sorted by bound, equal bounds merged, tiny relative
/// differences (float noise) ignored and decreases removed so counts are monotonic, linear interpolation
/// within a bucket, 0 as the lower edge of a first bucket with a positive bound.
/// </summary>
internal static class ClassicBuckets
{
    /// <summary>Relative difference between neighbouring bucket counts treated as float noise (upstream's smallDeltaTolerance).</summary>
    private const double SmallDeltaTolerance = 1e-12;

    /// <summary>
    /// The φ-quantile; <paramref name="forcedMonotonic"/> tells whether decreasing counts had to be fixed (worth an info).
    /// NaN for q NaN, fewer than two buckets, no +Inf bucket or no observations; -Inf/+Inf for q below 0/above 1.
    /// If the quantile falls into the +Inf bucket, the second highest bound is returned.
    /// </summary>
    public static double Quantile(double q, List<Bucket> buckets, out bool forcedMonotonic)
    {
        forcedMonotonic = false;
        if (double.IsNaN(q)) return double.NaN;
        if (q < 0) return double.NegativeInfinity;
        if (q > 1) return double.PositiveInfinity;
        var span = Prepare(buckets, out forcedMonotonic);
        if (span.IsEmpty)
        {
            forcedMonotonic = false;
            return double.NaN;
        }
        if (span.Length < 2)
        {
            forcedMonotonic = false;
            return double.NaN;
        }
        double observations = span[^1].Count;
        if (observations == 0)
        {
            forcedMonotonic = false;
            return double.NaN;
        }
        double rank = q * observations;
        int b = 0, n = span.Length - 1;
        {
            int lo = 0, hi = n;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (span[mid].Count >= rank) hi = mid; else lo = mid + 1;
            }
            b = lo;
        }
        if (b == span.Length - 1) return span[^2].Upper;
        if (b == 0 && span[0].Upper <= 0) return span[0].Upper;
        double bucketStart = 0, bucketEnd = span[b].Upper, count = span[b].Count;
        if (b > 0)
        {
            bucketStart = span[b - 1].Upper;
            count -= span[b - 1].Count;
            rank -= span[b - 1].Count;
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / count);
    }

    /// <summary>
    /// The fraction of observations between <paramref name="lower"/> and <paramref name="upper"/>, interpolating
    /// linearly inside finite buckets. Observations in a bucket of infinite width sit at its infinite end, so a
    /// bound inside such a bucket takes none of it (upstream histograms.test). NaN without observations or with
    /// a NaN bound; 0 when lower ≥ upper.
    /// </summary>
    public static double Fraction(double lower, double upper, List<Bucket> buckets)
    {
        var span = Prepare(buckets, out _);
        if (span.IsEmpty) return double.NaN;
        double total = span[^1].Count;
        if (total == 0 || double.IsNaN(lower) || double.IsNaN(upper)) return double.NaN;
        if (lower >= upper) return 0;

        double rank = 0, lowerRank = 0, upperRank = 0, previousCount = 0;
        bool lowerSet = false, upperSet = false;
        for (int i = 0; i < span.Length; i++)
        {
            double bucketLower = i > 0 ? span[i - 1].Upper : span[0].Upper > 0 ? 0 : double.NegativeInfinity;
            double bucketUpper = span[i].Upper;
            double count = span[i].Count - previousCount;
            previousCount = span[i].Count;
            if (!lowerSet && bucketLower >= lower) { lowerRank = rank; lowerSet = true; }
            if (!upperSet && bucketLower >= upper) { upperRank = rank; upperSet = true; }
            if (lowerSet && upperSet) break;
            if (!lowerSet && bucketLower < lower && bucketUpper > lower) { lowerRank = RankAt(lower); lowerSet = true; }
            if (!upperSet && bucketLower < upper && bucketUpper > upper) { upperRank = RankAt(upper); upperSet = true; }
            if (lowerSet && upperSet) break;
            rank += count;

            double RankAt(double v) =>
                double.IsNegativeInfinity(bucketLower) ? rank + count
                : double.IsPositiveInfinity(bucketUpper) ? rank
                : rank + count * (v - bucketLower) / (bucketUpper - bucketLower);
        }
        if (!lowerSet || lowerRank > total) lowerRank = total;
        if (!upperSet || upperRank > total) upperRank = total;
        return (upperRank - lowerRank) / total;
    }

    /// <summary>Sorts, checks the +Inf bucket (empty span when missing), merges equal bounds and enforces monotonic counts.</summary>
    private static Span<Bucket> Prepare(List<Bucket> buckets, out bool forcedMonotonic)
    {
        forcedMonotonic = false;
        if (buckets.Count == 0) return default;
        buckets.Sort(static (a, b) => a.Upper.CompareTo(b.Upper));
        if (!double.IsPositiveInfinity(buckets[^1].Upper)) return default;
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(buckets);

        // Coalesce buckets with the same bound.
        var last = span[0];
        int n = 0;
        for (int i = 1; i < span.Length; i++)
        {
            if (span[i].Upper == last.Upper) last.Count += span[i].Count;
            else
            {
                span[n++] = last;
                last = span[i];
            }
        }
        span[n++] = last;
        span = span[..n];

        // Ignore numerically insignificant differences either way, then remove decreases ("envelope").
        double prev = span[0].Count;
        for (int i = 1; i < span.Length; i++)
        {
            double curr = span[i].Count;
            if (curr == prev) continue;
            if (AlmostEqual(prev, curr, SmallDeltaTolerance))
            {
                span[i].Count = prev;
                continue;
            }
            if (curr < prev)
            {
                span[i].Count = prev;
                forcedMonotonic = true;
                continue;
            }
            prev = curr;
        }
        return span;
    }

    /// <summary>Upstream's util/almost.Equal: relative comparison with a floor at the smallest normal double.</summary>
    internal static bool AlmostEqual(double a, double b, double epsilon)
    {
        const double minNormal = 2.2250738585072014e-308;
        if (double.IsNaN(a) && double.IsNaN(b)) return true;
        if (a == b) return true;
        double absSum = Math.Abs(a) + Math.Abs(b);
        double diff = Math.Abs(a - b);
        if (a == 0 || b == 0 || absSum < minNormal) return diff < epsilon * minNormal;
        return diff / Math.Min(absSum, double.MaxValue) < epsilon;
    }
}
