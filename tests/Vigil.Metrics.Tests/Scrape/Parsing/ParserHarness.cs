using System.Globalization;
using System.Text;
using Vigil.Metrics.Model;
using Vigil.Metrics.Scrape.Parsing;

namespace Vigil.Metrics.Tests.Scrape.Parsing;

/// <summary>Runs a parser over a body and renders every entry as one line, so tests compare lists of strings.</summary>
internal static class ParserHarness
{
    public static ExpositionParser Text(string body) => Text(Encoding.UTF8.GetBytes(body));

    public static ExpositionParser Text(byte[] body) => new PromTextParser(body, body.Length);

    public static ExpositionParser OpenMetrics(string body, bool skipCreated = false) =>
        OpenMetrics(Encoding.UTF8.GetBytes(body), skipCreated);

    public static ExpositionParser OpenMetrics(byte[] body, bool skipCreated = false) =>
        new OpenMetricsParser(body, body.Length, skipCreated);

    /// <summary>One byte per char (Latin-1), so a test can write invalid UTF-8 as "\xff".</summary>
    public static byte[] Raw(string s) => Encoding.Latin1.GetBytes(s);

    public static List<string> All(ExpositionParser parser)
    {
        var lines = new List<string>();
        ExpositionEntry entry;
        while ((entry = parser.Next()) != ExpositionEntry.Eof) lines.Add(Describe(parser, entry));
        // Eof is sticky.
        Assert.Equal(ExpositionEntry.Eof, parser.Next());
        return lines;
    }

    public static string Describe(ExpositionParser parser, ExpositionEntry entry)
    {
        switch (entry)
        {
            case ExpositionEntry.Help:
                return $"help {parser.MetricFamily} {parser.Help}";
            case ExpositionEntry.Type:
                return $"type {parser.MetricFamily} {MetricMetadata.TypeName(parser.Type)}";
            case ExpositionEntry.Unit:
                return $"unit {parser.MetricFamily} {parser.Unit}";
            case ExpositionEntry.Comment:
                return "comment " + parser.Comment;
            default:
                var builder = new LabelsBuilder();
                parser.GetLabels(builder);
                var sb = new StringBuilder();
                sb.Append(builder.Build()).Append(' ').Append(Number(parser.Value));
                if (parser.TimestampMs is long ts) sb.Append(" @").Append(ts.ToString(CultureInfo.InvariantCulture));
                if (parser.TryGetExemplar(out var ex))
                {
                    sb.Append(" # ").Append(ex.Labels).Append(' ').Append(Number(ex.Value));
                    if (ex.TimestampMs is long ets) sb.Append(" @").Append(ets.ToString(CultureInfo.InvariantCulture));
                    Assert.False(parser.TryGetExemplar(out _));
                }
                return sb.ToString();
        }
    }

    public static string Number(double v) => double.IsNaN(v)
        ? $"NaN(0x{BitConverter.DoubleToUInt64Bits(v):x})"
        : v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Parses to the end; returns the exception's message (which must be ExpositionFormatException).</summary>
    public static ExpositionFormatException Failure(ExpositionParser parser)
    {
        var e = Assert.Throws<ExpositionFormatException>(() =>
        {
            var builder = new LabelsBuilder();
            while (true)
            {
                var entry = parser.Next();
                if (entry == ExpositionEntry.Eof) return;
                if (entry == ExpositionEntry.Series)
                {
                    builder.Reset();
                    parser.GetLabels(builder);
                }
            }
        });
        // The parser stays failed.
        Assert.Same(e, Assert.Throws<ExpositionFormatException>(() => parser.Next()));
        return e;
    }
}
