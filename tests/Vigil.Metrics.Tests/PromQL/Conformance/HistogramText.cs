using System.Text;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.Tests.PromQL.Conformance;

/// <summary>Prints a histogram in the scripts' literal notation, for failure messages.</summary>
internal static class HistogramText
{
    public static string Format(FloatHistogram h)
    {
        var sb = new StringBuilder("{{");
        if (h.Schema != 0) sb.Append("schema:").Append(h.Schema).Append(' ');
        sb.Append("count:").Append(FloatText.Format(h.Count)).Append(" sum:").Append(FloatText.Format(h.Sum));
        if (h.ZeroCount != 0) sb.Append(" z_bucket:").Append(FloatText.Format(h.ZeroCount));
        if (h.ZeroThreshold != 0) sb.Append(" z_bucket_w:").Append(FloatText.Format(h.ZeroThreshold));
        if (h.CustomValues.Length > 0) sb.Append(" custom_values:").Append(List(h.CustomValues));
        AppendBuckets(sb, h.PositiveSpans, h.PositiveBuckets, "offset", "buckets");
        AppendBuckets(sb, h.NegativeSpans, h.NegativeBuckets, "n_offset", "n_buckets");
        if (h.CounterResetHint != CounterResetHint.Unknown)
        {
            sb.Append(" counter_reset_hint:").Append(h.CounterResetHint switch
            {
                CounterResetHint.CounterReset => "reset",
                CounterResetHint.NotCounterReset => "not_reset",
                _ => "gauge",
            });
        }
        return sb.Append("}}").ToString();
    }

    private static void AppendBuckets(StringBuilder sb, (int Offset, uint Length)[] spans, double[] buckets, string offsetKey, string bucketsKey)
    {
        var map = HistogramMath.Sparse(spans, buckets, 0, 0, custom: true);
        if (map.Count == 0) return;
        int first = map.Keys.First(), last = map.Keys.Last();
        var dense = new double[last - first + 1];
        foreach (var (index, count) in map) dense[index - first] = count;
        if (first != 0) sb.Append(' ').Append(offsetKey).Append(':').Append(first);
        sb.Append(' ').Append(bucketsKey).Append(':').Append(List(dense));
    }

    private static string List(double[] values) => "[" + string.Join(' ', values.Select(FloatText.Format)) + "]";
}
