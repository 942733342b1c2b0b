using System.Text.Json;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.Api;

/// <summary>
/// A native histogram as jsonutil.MarshalHistogram writes it: <c>{"count":"12","sum":"3.5","buckets":[[rule,"lower","upper","count"],…]}</c>,
/// buckets in AllBucketIterator order (negative from the most negative, the zero bucket, positive ascending),
/// empty buckets left out and <c>buckets</c> omitted when all are. Rules: 0 = (lower, upper], 1 = [lower, upper),
/// 3 = [lower, upper] (the zero bucket).
/// </summary>
internal static class HistogramJson
{
    private const int CustomBucketsSchema = -53;

    public static void Write(Utf8JsonWriter json, FloatHistogram h)
    {
        json.WriteStartObject();
        WriteFloat(json, "count", h.Count);
        WriteFloat(json, "sum", h.Sum);
        bool open = false;
        // Negative buckets: highest index (most negative value) first.
        var negative = Buckets(h.NegativeSpans, h.NegativeBuckets);
        for (int i = negative.Count - 1; i >= 0; i--)
        {
            var (index, count) = negative[i];
            if (count == 0) continue;
            Bucket(json, ref open, 1, -UpperBound(h, index), -UpperBound(h, index - 1), count);
        }
        if (h.ZeroCount != 0 && h.Schema != CustomBucketsSchema)
            Bucket(json, ref open, 3, -h.ZeroThreshold, h.ZeroThreshold, h.ZeroCount);
        foreach (var (index, count) in Buckets(h.PositiveSpans, h.PositiveBuckets))
        {
            if (count == 0) continue;
            double lower = h.Schema == CustomBucketsSchema && index == 0 ? double.NegativeInfinity : UpperBound(h, index - 1);
            Bucket(json, ref open, 0, lower, UpperBound(h, index), count);
        }
        if (open) json.WriteEndArray();
        json.WriteEndObject();
    }

    private static List<(int Index, double Count)> Buckets((int Offset, uint Length)[] spans, double[] counts)
    {
        var result = new List<(int, double)>(counts.Length);
        int index = 0, k = 0;
        for (int s = 0; s < spans.Length; s++)
        {
            index += spans[s].Offset;
            for (uint j = 0; j < spans[s].Length && k < counts.Length; j++)
            {
                result.Add((index, counts[k++]));
                index++;
            }
        }
        return result;
    }

    /// <summary>Upper bound of bucket <paramref name="index"/> (histogram.getBound): 2^(index·2^-schema), or the custom bounds.</summary>
    private static double UpperBound(FloatHistogram h, int index)
    {
        if (h.Schema == CustomBucketsSchema)
        {
            if (index < 0) return double.NegativeInfinity;
            return index < h.CustomValues.Length ? h.CustomValues[index] : double.PositiveInfinity;
        }
        return Math.Pow(2, index * Math.Pow(2, -h.Schema));
    }

    private static void Bucket(Utf8JsonWriter json, ref bool open, int rule, double lower, double upper, double count)
    {
        if (!open)
        {
            json.WritePropertyName("buckets");
            json.WriteStartArray();
            open = true;
        }
        json.WriteStartArray();
        json.WriteNumberValue(rule);
        WriteFloat(json, null, lower);
        WriteFloat(json, null, upper);
        WriteFloat(json, null, count);
        json.WriteEndArray();
    }

    private static void WriteFloat(Utf8JsonWriter json, string? name, double value)
    {
        Span<char> buf = stackalloc char[ApiNumbers.MaxChars];
        int n = ApiNumbers.FormatSampleValue(value, buf);
        if (name is null) json.WriteStringValue(buf[..n]);
        else json.WriteString(name, buf[..n]);
    }
}
