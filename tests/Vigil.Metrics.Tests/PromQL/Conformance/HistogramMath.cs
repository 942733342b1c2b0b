using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.Tests.PromQL.Conformance;

/// <summary>
/// The little native-histogram arithmetic the runner needs: addition/subtraction for <c>{{A}}+{{B}}xN</c>
/// sequences, compaction and equality for checks (README 5, "Histogram equality"). Buckets are handled as
/// sparse index-to-count maps; exponential schemas are reduced to the lower one as upstream's
/// <c>FloatHistogram.Add</c> does (index i at schema s maps to ((i - 1) &gt;&gt; (s - target)) + 1).
/// </summary>
internal static class HistogramMath
{
    public static FloatHistogram Add(FloatHistogram a, FloatHistogram b, bool subtract)
    {
        double sign = subtract ? -1 : 1;
        bool custom = a.Schema == HistogramLiteral.CustomBucketsSchema || b.Schema == HistogramLiteral.CustomBucketsSchema;
        if (custom && (a.Schema != b.Schema || !a.CustomValues.AsSpan().SequenceEqual(b.CustomValues)))
            throw new FormatException("cannot add histograms with different custom bucket boundaries");
        int target = custom ? a.Schema : Math.Min(a.Schema, b.Schema);
        var positive = Sparse(a.PositiveSpans, a.PositiveBuckets, a.Schema, target, custom);
        foreach (var (index, count) in Sparse(b.PositiveSpans, b.PositiveBuckets, b.Schema, target, custom))
            positive[index] = positive.GetValueOrDefault(index) + (sign * count);
        var negative = Sparse(a.NegativeSpans, a.NegativeBuckets, a.Schema, target, custom);
        foreach (var (index, count) in Sparse(b.NegativeSpans, b.NegativeBuckets, b.Schema, target, custom))
            negative[index] = negative.GetValueOrDefault(index) + (sign * count);
        var result = new FloatHistogram
        {
            Schema = target,
            Count = a.Count + (sign * b.Count),
            Sum = a.Sum + (sign * b.Sum),
            ZeroCount = a.ZeroCount + (sign * b.ZeroCount),
            ZeroThreshold = Math.Max(a.ZeroThreshold, b.ZeroThreshold),
            CounterResetHint = a.CounterResetHint,
            CustomValues = a.CustomValues,
        };
        (result.PositiveSpans, result.PositiveBuckets) = Dense(positive, dropEmpty: false);
        (result.NegativeSpans, result.NegativeBuckets) = Dense(negative, dropEmpty: false);
        return result;
    }

    /// <summary>A copy with empty buckets removed and adjacent spans merged (upstream <c>Compact(0)</c>).</summary>
    public static FloatHistogram Compact(FloatHistogram h)
    {
        var copy = new FloatHistogram
        {
            Schema = h.Schema,
            Count = h.Count,
            Sum = h.Sum,
            ZeroCount = h.ZeroCount,
            ZeroThreshold = h.ZeroThreshold,
            CounterResetHint = h.CounterResetHint,
            CustomValues = h.CustomValues,
        };
        (copy.PositiveSpans, copy.PositiveBuckets) = Dense(Sparse(h.PositiveSpans, h.PositiveBuckets, h.Schema, h.Schema, true), dropEmpty: true);
        (copy.NegativeSpans, copy.NegativeBuckets) = Dense(Sparse(h.NegativeSpans, h.NegativeBuckets, h.Schema, h.Schema, true), dropEmpty: true);
        return copy;
    }

    /// <summary>
    /// README 5: both compacted; same schema; count, sum, zero count and buckets float-equal; zero threshold
    /// identical; same spans; identical custom bounds for schema -53; the hint only when the literal stated it.
    /// </summary>
    public static bool Equal(FloatHistogram expected, FloatHistogram actual, bool compareHint)
    {
        var e = Compact(expected);
        var a = Compact(actual);
        if (e.Schema != a.Schema || !FloatComparison.Equal(e.Count, a.Count) || !FloatComparison.Equal(e.Sum, a.Sum)) return false;
        if (e.Schema == HistogramLiteral.CustomBucketsSchema && !e.CustomValues.AsSpan().SequenceEqual(a.CustomValues)) return false;
        if (e.ZeroThreshold != a.ZeroThreshold || !FloatComparison.Equal(e.ZeroCount, a.ZeroCount)) return false;
        if (!e.PositiveSpans.AsSpan().SequenceEqual(a.PositiveSpans) || !e.NegativeSpans.AsSpan().SequenceEqual(a.NegativeSpans)) return false;
        if (!BucketsEqual(e.PositiveBuckets, a.PositiveBuckets) || !BucketsEqual(e.NegativeBuckets, a.NegativeBuckets)) return false;
        return !compareHint || e.CounterResetHint == a.CounterResetHint;
    }

    /// <summary>Absolute bucket index to count; indexes reduced from <paramref name="schema"/> to <paramref name="target"/>.</summary>
    internal static SortedDictionary<int, double> Sparse((int Offset, uint Length)[] spans, double[] buckets, int schema, int target, bool custom)
    {
        var map = new SortedDictionary<int, double>();
        int index = 0, b = 0;
        for (int s = 0; s < spans.Length; s++)
        {
            index += spans[s].Offset;
            for (uint k = 0; k < spans[s].Length && b < buckets.Length; k++, index++, b++)
            {
                int key = custom || schema == target ? index : ((index - 1) >> (schema - target)) + 1;
                map[key] = map.GetValueOrDefault(key) + buckets[b];
            }
        }
        return map;
    }

    internal static ((int Offset, uint Length)[] Spans, double[] Buckets) Dense(SortedDictionary<int, double> map, bool dropEmpty)
    {
        var spans = new List<(int Offset, uint Length)>();
        var buckets = new List<double>();
        int next = 0; // index just after the previous span
        foreach (var (index, count) in map)
        {
            if (dropEmpty && count == 0) continue;
            if (spans.Count > 0 && index == next)
            {
                var last = spans[^1];
                spans[^1] = (last.Offset, last.Length + 1);
            }
            else
            {
                spans.Add((spans.Count == 0 ? index : index - next, 1));
            }
            buckets.Add(count);
            next = index + 1;
        }
        return ([.. spans], [.. buckets]);
    }

    private static bool BucketsEqual(double[] a, double[] b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
            if (!FloatComparison.Equal(a[i], b[i])) return false;
        return true;
    }
}
