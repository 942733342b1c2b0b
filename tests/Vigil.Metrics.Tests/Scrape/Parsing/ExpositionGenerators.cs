using System.Globalization;
using System.Text;
using CsCheck;
using Vigil.Metrics.Model;

namespace Vigil.Metrics.Tests.Scrape.Parsing;

/// <summary>One generated sample: what a writer puts on the wire and what a parser must read back.</summary>
internal sealed record GeneratedSample(
    string Name, (string Name, string Value)[] Labels, double Value, long? TimestampMs, GeneratedExemplar? Exemplar);

internal sealed record GeneratedExemplar((string Name, string Value)[] Labels, double Value, long? TimestampMs);

/// <summary>A family: metadata then its samples. Types avoid histogram/summary (their le/quantile get rewritten).</summary>
internal sealed record GeneratedFamily(string Name, MetricType Type, string? Help, GeneratedSample[] Samples);

/// <summary>
/// CsCheck generators of valid expositions and writers for both formats, with legacy and quoted UTF-8
/// names, escapes, NaN/±Inf/-0 and random spacing in the text format.
/// </summary>
internal static class ExpositionGenerators
{
    private static readonly string[] NamePieces = ["a", "z", "Q", "_", ":", "0", "9", "http", "requests", "total"];

    private static readonly string[] TextPieces =
        ["a", "Z", "0", " ", ".", "-", "é", "€", "中", "😀", "\"", "\\", "\n", "\t", "{", "}", "=", ",", "#", "\\n", "\0"];

    public static readonly Gen<string> LegacyMetricName =
        Gen.Select(Gen.OneOf("a", "b", "_", ":", "node", "up"), Gen.OneOf(NamePieces).Array[0, 4], (h, t) => h + string.Concat(t));

    public static readonly Gen<string> LegacyLabelName =
        Gen.Select(Gen.OneOf("a", "b", "_x", "job", "code", "path"), Gen.OneOf(NamePieces.Where(p => p != ":").ToArray()).Array[0, 3],
            (h, t) => h + string.Concat(t));

    public static readonly Gen<string> Text = Gen.OneOf(TextPieces).Array[0, 6].Select(string.Concat);

    // NUL may sit in label values and help, not in names.
    private static readonly Gen<string> Utf8Name = Text.Where(s => s.Length > 0 && !s.Contains('\0', StringComparison.Ordinal));

    public static readonly Gen<string> MetricName = Gen.Frequency((3, LegacyMetricName), (1, Utf8Name));

    public static readonly Gen<string> LabelName =
        Gen.Frequency((3, LegacyLabelName), (1, Utf8Name)).Where(n => n != Labels.MetricName);

    public static readonly Gen<double> Value = Gen.Frequency(
        (5, Gen.Double),
        (3, Gen.Long[-1000, 1000].Select(i => (double)i)),
        (2, Gen.OneOf(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, double.Epsilon,
            double.MaxValue, double.MinValue, 1e-300, 0.1)));

    private static readonly Gen<(string, string)[]> LabelSet =
        Gen.Select(LabelName, Text).Array[0, 4].Select(pairs => pairs.DistinctBy(p => p.Item1).ToArray());

    private static readonly Gen<(string, string)[]> ExemplarLabels =
        Gen.Select(LegacyLabelName, Gen.OneOf("abc", "x\"y", "1\\2", "é")).Array[0, 3].Select(p => p.DistinctBy(x => x.Item1).ToArray());

    /// <summary>Milliseconds; for OpenMetrics whole or fractional seconds.</summary>
    private static readonly Gen<long?> Timestamp = Gen.Frequency(
        (2, Gen.Const((long?)null)),
        (2, Gen.Long[1_500_000_000_000, 1_900_000_000_000].Select(t => (long?)t)),
        (1, Gen.Long[-100_000, 100_000].Select(t => (long?)t)));

    private static readonly Gen<GeneratedExemplar?> Exemplar = Gen.Frequency(
        (2, Gen.Const((GeneratedExemplar?)null)),
        (1, Gen.Select(ExemplarLabels, Value, Timestamp, (l, v, t) => (GeneratedExemplar?)new GeneratedExemplar(l, v, t))));

    private static readonly Gen<MetricType> Type = Gen.OneOf(MetricType.Gauge, MetricType.Counter, MetricType.Unknown);

    public static readonly Gen<GeneratedFamily> Family =
        Gen.Select(MetricName, Type, Gen.Frequency((1, Gen.Const((string?)null)), (2, Text.Select(t => (string?)t))),
                Gen.Select(LabelSet, Value, Timestamp, Exemplar).Array[1, 4])
            .Select((name, type, help, samples) => new GeneratedFamily(name, type, help, samples
                .Select(s => new GeneratedSample(type == MetricType.Counter ? name + "_total" : name, s.Item1, s.Item2, s.Item3,
                    type == MetricType.Counter ? s.Item4 : null))
                .ToArray()));

    public static readonly Gen<GeneratedFamily[]> Families = Family.Array[0, 5];

    // ---- writers ----

    public static string WriteText(GeneratedFamily[] families, int seed)
    {
        var random = new Random(seed);
        string Blank() => random.Next(4) switch { 0 => "\t", 1 => "  ", _ => " " };
        string Maybe() => random.Next(3) == 0 ? Blank() : "";
        var sb = new StringBuilder();
        foreach (var family in families)
        {
            string name = QuoteIfNeeded(family.Name, legacy: LabelValidationLegacyMetric(family.Name), escapes: true);
            if (family.Help is not null) sb.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(family.Help, quotes: false)).Append('\n');
            sb.Append("# TYPE ").Append(name).Append(' ').Append(family.Type switch
            {
                MetricType.Counter => "counter",
                MetricType.Gauge => "gauge",
                _ => "untyped",
            }).Append('\n');
            if (random.Next(4) == 0) sb.Append('\n');
            foreach (var sample in family.Samples)
            {
                bool legacy = LabelValidationLegacyMetric(sample.Name);
                if (legacy) sb.Append(sample.Name);
                if (!legacy || sample.Labels.Length > 0 || random.Next(3) == 0)
                {
                    sb.Append('{').Append(Maybe());
                    bool first = true;
                    if (!legacy)
                    {
                        sb.Append(QuoteIfNeeded(sample.Name, false, true));
                        first = false;
                    }
                    foreach (var (labelName, labelValue) in sample.Labels)
                    {
                        if (!first) sb.Append(',').Append(Maybe());
                        first = false;
                        sb.Append(QuoteIfNeeded(labelName, LabelValidation.IsLegacyLabelName(labelName), true))
                            .Append(Maybe()).Append('=').Append(Maybe())
                            .Append('"').Append(EscapeLabelValue(labelValue)).Append('"');
                    }
                    if (!first && random.Next(3) == 0) sb.Append(',');
                    sb.Append(Maybe()).Append('}');
                }
                sb.Append(Blank()).Append(FormatValue(sample.Value, random));
                if (sample.TimestampMs is long ts) sb.Append(Blank()).Append(ts.ToString(CultureInfo.InvariantCulture));
                sb.Append(Maybe()).Append('\n');
            }
        }
        return sb.ToString();
    }

    public static string WriteOpenMetrics(GeneratedFamily[] families, int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder();
        foreach (var family in families)
        {
            string name = QuoteIfNeeded(family.Name, LabelValidationLegacyMetric(family.Name), true);
            sb.Append("# TYPE ").Append(name).Append(' ').Append(MetricMetadata.TypeName(family.Type)).Append('\n');
            if (family.Help is not null) sb.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(family.Help, quotes: true)).Append('\n');
            foreach (var sample in family.Samples)
            {
                bool legacy = LabelValidationLegacyMetric(sample.Name);
                if (legacy) sb.Append(sample.Name);
                if (!legacy || sample.Labels.Length > 0)
                {
                    var parts = new List<string>();
                    if (!legacy) parts.Add(QuoteIfNeeded(sample.Name, false, true));
                    foreach (var (labelName, labelValue) in sample.Labels)
                    {
                        parts.Add(QuoteIfNeeded(labelName, LabelValidation.IsLegacyLabelName(labelName), true) + "=\"" + EscapeLabelValue(labelValue) + "\"");
                    }
                    sb.Append('{').Append(string.Join(',', parts)).Append('}');
                }
                sb.Append(' ').Append(FormatValue(sample.Value, random));
                if (sample.TimestampMs is long ts) sb.Append(' ').Append(Seconds(ts));
                if (sample.Exemplar is { } ex)
                {
                    sb.Append(" # {").Append(string.Join(',', ex.Labels.Select(l => l.Name + "=\"" + EscapeLabelValue(l.Value) + "\"")))
                        .Append("} ").Append(FormatValue(ex.Value, random));
                    if (ex.TimestampMs is long ets) sb.Append(' ').Append(Seconds(ets));
                }
                sb.Append('\n');
            }
        }
        sb.Append("# EOF\n");
        return sb.ToString();
    }

    /// <summary>Milliseconds as float seconds; Prometheus truncates seconds*1000 back, which can be 1 ms off.</summary>
    public static string Seconds(long ms) => ms % 1000 == 0
        ? (ms / 1000).ToString(CultureInfo.InvariantCulture)
        : (ms / 1000m).ToString(CultureInfo.InvariantCulture);

    /// <summary>What Prometheus reads back for <see cref="Seconds"/>.</summary>
    public static long ReadBackMs(long ms) =>
        Vigil.Metrics.Scrape.Parsing.OpenMetricsParser.SecondsToMilliseconds(double.Parse(Seconds(ms), CultureInfo.InvariantCulture));

    private static bool LabelValidationLegacyMetric(string name) => LabelValidation.IsLegacyMetricName(name);

    private static string QuoteIfNeeded(string name, bool legacy, bool escapes) =>
        legacy ? name : "\"" + (escapes ? EscapeLabelValue(name) : name) + "\"";

    private static string EscapeLabelValue(string v) => v.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string v, bool quotes)
    {
        string s = v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return quotes ? s.Replace("\"", "\\\"", StringComparison.Ordinal) : s;
    }

    /// <summary>Any spelling Go's ParseFloat takes: shortest round-trip, NaN/Inf in several cases.</summary>
    private static string FormatValue(double v, Random random)
    {
        if (double.IsNaN(v)) return random.Next(3) switch { 0 => "nan", 1 => "NaN", _ => "NAN" };
        if (double.IsPositiveInfinity(v)) return random.Next(3) switch { 0 => "+Inf", 1 => "Inf", _ => "infinity" };
        if (double.IsNegativeInfinity(v)) return random.Next(2) == 0 ? "-Inf" : "-INFINITY";
        string r = v.ToString("R", CultureInfo.InvariantCulture);
        return random.Next(2) == 0 ? r : r.ToLowerInvariant();
    }
}
