using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.Tests.PromQL.Conformance;

/// <summary>
/// Parses a native histogram literal <c>{{schema:0 sum:5 count:4 buckets:[1 2 1]}}</c> (README 3.2) into the
/// engine's <see cref="FloatHistogram"/>. Keys at most once, any order; unlisted fields keep their defaults;
/// bucket lists are absolute counts forming one span starting at the offset.
/// </summary>
internal static class HistogramLiteral
{
    /// <summary>The custom-buckets schema (NHCB).</summary>
    public const int CustomBucketsSchema = -53;

    /// <summary>Reads <c>{{...}}</c> at <paramref name="pos"/> and advances past the closing braces.</summary>
    public static bool TryRead(string text, ref int pos, out FloatHistogram histogram, out bool hintSet, out string? error)
    {
        var h = new FloatHistogram();
        histogram = h;
        hintSet = false;
        error = null;
        if (string.CompareOrdinal(text, pos, "{{", 0, 2) != 0)
        {
            error = "expected {{";
            return false;
        }
        int i = pos + 2;
        int offset = 0, negativeOffset = 0;
        double[] buckets = [], negativeBuckets = [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            SkipSpaces(text, ref i);
            if (i >= text.Length)
            {
                error = "unterminated histogram literal";
                return false;
            }
            if (string.CompareOrdinal(text, i, "}}", 0, 2) == 0)
            {
                i += 2;
                break;
            }
            int keyStart = i;
            while (i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] == '_')) i++;
            string key = text[keyStart..i];
            if (key.Length == 0 || i >= text.Length || text[i] != ':')
            {
                error = $"bad histogram field at \"{Excerpt(text, keyStart)}\"";
                return false;
            }
            i++;
            if (!seen.Add(key))
            {
                error = $"duplicate key \"{key}\" in histogram";
                return false;
            }
            bool ok = key switch
            {
                "schema" => TryInt(text, ref i, v => h.Schema = v),
                "offset" => TryInt(text, ref i, v => offset = v),
                "n_offset" => TryInt(text, ref i, v => negativeOffset = v),
                "sum" => TryFloat(text, ref i, v => h.Sum = v),
                "count" => TryFloat(text, ref i, v => h.Count = v),
                "z_bucket" => TryFloat(text, ref i, v => h.ZeroCount = v),
                "z_bucket_w" => TryFloat(text, ref i, v => h.ZeroThreshold = v),
                "buckets" => TryList(text, ref i, v => buckets = v),
                "n_buckets" => TryList(text, ref i, v => negativeBuckets = v),
                "custom_values" => TryList(text, ref i, v => h.CustomValues = v),
                "counter_reset_hint" => TryHint(text, ref i, h),
                _ => false,
            };
            if (!ok)
            {
                error = $"bad value for histogram key \"{key}\" at \"{Excerpt(text, keyStart)}\"";
                return false;
            }
            if (key == "counter_reset_hint") hintSet = true;
        }
        histogram.PositiveBuckets = buckets;
        histogram.PositiveSpans = buckets.Length == 0 ? [] : [(offset, (uint)buckets.Length)];
        histogram.NegativeBuckets = negativeBuckets;
        histogram.NegativeSpans = negativeBuckets.Length == 0 ? [] : [(negativeOffset, (uint)negativeBuckets.Length)];
        pos = i;
        return true;
    }

    private static bool TryInt(string text, ref int i, Action<int> set)
    {
        int start = i;
        if (i < text.Length && (text[i] == '-' || text[i] == '+')) i++;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        if (!int.TryParse(text.AsSpan(start, i - start), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int v)) return false;
        set(v);
        return true;
    }

    private static bool TryFloat(string text, ref int i, Action<double> set)
    {
        if (!FloatText.TryRead(text, ref i, out double v)) return false;
        set(v);
        return true;
    }

    private static bool TryList(string text, ref int i, Action<double[]> set)
    {
        if (i >= text.Length || text[i] != '[') return false;
        i++;
        var values = new List<double>();
        while (true)
        {
            SkipSpaces(text, ref i);
            if (i >= text.Length) return false;
            if (text[i] == ']')
            {
                i++;
                break;
            }
            if (!FloatText.TryRead(text, ref i, out double v)) return false;
            values.Add(v);
        }
        set([.. values]);
        return true;
    }

    private static bool TryHint(string text, ref int i, FloatHistogram histogram)
    {
        int start = i;
        while (i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] == '_')) i++;
        switch (text[start..i])
        {
            case "unknown": histogram.CounterResetHint = CounterResetHint.Unknown; return true;
            case "reset": histogram.CounterResetHint = CounterResetHint.CounterReset; return true;
            case "not_reset": histogram.CounterResetHint = CounterResetHint.NotCounterReset; return true;
            case "gauge": histogram.CounterResetHint = CounterResetHint.Gauge; return true;
            default: return false;
        }
    }

    private static void SkipSpaces(string text, ref int i)
    {
        while (i < text.Length && (text[i] == ' ' || text[i] == '\t')) i++;
    }

    private static string Excerpt(string text, int at) => text.Substring(at, Math.Min(20, text.Length - at));
}
