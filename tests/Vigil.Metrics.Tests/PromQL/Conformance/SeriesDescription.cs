using System.Globalization;
using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.Tests.PromQL.Conformance;

/// <summary>
/// Parses a series line <c>&lt;metric&gt; &lt;items&gt;</c> of load blocks and expected results (README 3, 3.1;
/// upstream <c>ParseSeriesDesc</c>). The metric is a selector with equality labels only: <c>name</c>,
/// <c>name{a="x"}</c>, <c>{__name__="name",a="x"}</c>, <c>{a="x"}</c> or <c>{}</c>; label names may be quoted.
/// </summary>
internal static class SeriesDescription
{
    public const int MaxRepetitions = 1_000_000;

    public static (Labels Metric, List<SequenceValue> Values) Parse(string line)
    {
        int pos = 0;
        var metric = ParseMetric(line, ref pos);
        var values = ParseItems(line, pos);
        return (metric, values);
    }

    /// <summary>Reads the metric part at <paramref name="pos"/> and advances past it.</summary>
    public static Labels ParseMetric(string text, ref int pos)
    {
        SkipSpaces(text, ref pos);
        var builder = new LabelsBuilder();
        if (pos < text.Length && IsIdentifierStart(text[pos]))
        {
            int start = pos;
            while (pos < text.Length && IsIdentifierPart(text[pos])) pos++;
            builder.Set(Labels.MetricName, text[start..pos]);
            // The label set must follow the name directly: after a space, "{{" starts a histogram value.
            if (pos < text.Length && text[pos] == '{') ParseLabelSet(text, ref pos, builder);
        }
        else if (pos < text.Length && text[pos] == '{' && !IsAt(text, pos, "{{"))
        {
            ParseLabelSet(text, ref pos, builder);
        }
        else
        {
            throw new FormatException($"expected a metric name or label set at \"{Excerpt(text, pos)}\"");
        }
        return builder.Build();
    }

    private static void ParseLabelSet(string text, ref int pos, LabelsBuilder builder)
    {
        pos++; // '{'
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            SkipSpaces(text, ref pos);
            if (pos >= text.Length) throw new FormatException("unterminated label set");
            if (text[pos] == '}')
            {
                pos++;
                return;
            }
            string name;
            if (text[pos] is '"' or '\'' or '`')
            {
                name = ReadString(text, ref pos);
                SkipSpaces(text, ref pos);
                // {"metric.name"} or {"metric.name", a="x"}: a quoted name on its own is the metric name.
                if (pos < text.Length && (text[pos] == ',' || text[pos] == '}'))
                {
                    builder.Set(Labels.MetricName, name);
                    if (text[pos] == ',') pos++;
                    continue;
                }
            }
            else if (IsIdentifierStart(text[pos]) && text[pos] != ':')
            {
                int start = pos;
                while (pos < text.Length && (char.IsAsciiLetterOrDigit(text[pos]) || text[pos] == '_')) pos++;
                name = text[start..pos];
            }
            else
            {
                throw new FormatException($"unexpected character in label set at \"{Excerpt(text, pos)}\"");
            }
            SkipSpaces(text, ref pos);
            if (pos >= text.Length || text[pos] != '=' || IsAt(text, pos, "=~") || IsAt(text, pos, "=="))
                throw new FormatException($"expected '=' after label name {name} (only equality labels are allowed)");
            pos++;
            SkipSpaces(text, ref pos);
            string value = ReadString(text, ref pos);
            if (!seen.Add(name)) throw new FormatException($"duplicate label name {name}");
            builder.Set(name, value);
            SkipSpaces(text, ref pos);
            if (pos < text.Length && text[pos] == ',') pos++;
            else if (pos < text.Length && text[pos] != '}') throw new FormatException($"expected ',' or '}}' at \"{Excerpt(text, pos)}\"");
        }
    }

    /// <summary>Expands the value items from <paramref name="pos"/> to the end of the line.</summary>
    public static List<SequenceValue> ParseItems(string text, int pos)
    {
        var values = new List<SequenceValue>();
        while (true)
        {
            SkipSpaces(text, ref pos);
            if (pos >= text.Length) return values;
            int start = pos;
            ParseItem(text, ref pos, values);
            if (pos < text.Length && text[pos] != ' ' && text[pos] != '\t')
                throw new FormatException($"unexpected text in value item at \"{Excerpt(text, start)}\"");
        }
    }

    private static void ParseItem(string text, ref int pos, List<SequenceValue> values)
    {
        if (text[pos] == '_')
        {
            pos++;
            if (pos < text.Length && text[pos] == 'x')
            {
                pos++;
                int n = ReadCount(text, ref pos);
                for (int i = 0; i < n; i++) values.Add(SequenceValue.Gap);
            }
            else
            {
                values.Add(SequenceValue.Gap);
            }
            return;
        }
        if (IsAt(text, pos, "{{"))
        {
            ParseHistogramItem(text, ref pos, values);
            return;
        }
        double first;
        if (IsWordAt(text, pos, "stale"))
        {
            first = StaleNaN.Value;
            pos += 5;
        }
        else if (!FloatText.TryRead(text, ref pos, out first))
        {
            throw new FormatException($"bad value item \"{Excerpt(text, pos)}\"");
        }
        if (pos < text.Length && (text[pos] == '+' || text[pos] == '-'))
        {
            bool minus = text[pos] == '-';
            pos++;
            if (!FloatText.TryRead(text, ref pos, out double delta) || pos >= text.Length || text[pos] != 'x')
                throw new FormatException($"bad series item: expected <value>{(minus ? '-' : '+')}<delta>x<count>");
            pos++;
            int n = ReadCount(text, ref pos);
            if (minus) delta = -delta;
            // Repeated addition, so binary rounding accumulates exactly as upstream's expansion.
            double current = first;
            values.Add(new SequenceValue(current));
            for (int i = 0; i < n; i++)
            {
                current += delta;
                values.Add(new SequenceValue(current));
            }
            return;
        }
        if (pos < text.Length && text[pos] == 'x')
        {
            pos++;
            int n = ReadCount(text, ref pos);
            for (int i = 0; i <= n; i++) values.Add(new SequenceValue(first));
            return;
        }
        values.Add(new SequenceValue(first));
    }

    private static void ParseHistogramItem(string text, ref int pos, List<SequenceValue> values)
    {
        if (!HistogramLiteral.TryRead(text, ref pos, out var first, out bool hintSet, out string? error))
            throw new FormatException(error);
        if (pos < text.Length && (text[pos] == '+' || text[pos] == '-'))
        {
            bool minus = text[pos] == '-';
            pos++;
            if (!HistogramLiteral.TryRead(text, ref pos, out var delta, out _, out error)) throw new FormatException(error);
            if (delta.Schema < first.Schema && delta.Schema != HistogramLiteral.CustomBucketsSchema)
                throw new FormatException("the increment histogram's schema must not be lower than the first one's");
            if (pos >= text.Length || text[pos] != 'x') throw new FormatException("expected x<count> after a histogram increment");
            pos++;
            int n = ReadCount(text, ref pos);
            var current = first;
            values.Add(new SequenceValue(0, current, CounterResetHintSet: hintSet));
            for (int i = 0; i < n; i++)
            {
                current = HistogramMath.Add(current, delta, minus);
                values.Add(new SequenceValue(0, current, CounterResetHintSet: hintSet));
            }
            return;
        }
        if (pos < text.Length && text[pos] == 'x')
        {
            pos++;
            int n = ReadCount(text, ref pos);
            for (int i = 0; i <= n; i++) values.Add(new SequenceValue(0, first, CounterResetHintSet: hintSet));
            return;
        }
        values.Add(new SequenceValue(0, first, CounterResetHintSet: hintSet));
    }

    private static int ReadCount(string text, ref int pos)
    {
        int start = pos;
        while (pos < text.Length && char.IsAsciiDigit(text[pos])) pos++;
        if (!int.TryParse(text.AsSpan(start, pos - start), NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            throw new FormatException($"expected a repetition count at \"{Excerpt(text, start)}\"");
        // The files repeat at most 10000 times; a bound keeps a typo from exhausting memory.
        if (n > MaxRepetitions) throw new FormatException($"repetition count {n} is above {MaxRepetitions}");
        return n;
    }

    private static string ReadString(string text, ref int pos)
    {
        if (!GoStringLiteral.TryRead(text, ref pos, out string value, out string? error)) throw new FormatException(error);
        return value;
    }

    internal static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_' || c == ':';

    internal static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == ':';

    private static bool IsAt(string text, int pos, string token) => string.CompareOrdinal(text, pos, token, 0, token.Length) == 0;

    private static bool IsWordAt(string text, int pos, string word) =>
        pos + word.Length <= text.Length && text.AsSpan(pos, word.Length).Equals(word, StringComparison.OrdinalIgnoreCase);

    private static void SkipSpaces(string text, ref int pos)
    {
        while (pos < text.Length && (text[pos] == ' ' || text[pos] == '\t')) pos++;
    }

    private static string Excerpt(string text, int at) => at >= text.Length ? "" : text.Substring(at, Math.Min(24, text.Length - at));
}
