using System.Text;
using OtlpModel = Vigil.Otlp.Model;
using Vigil.Metrics.GoText;
using Vigil.Metrics.Scrape;

namespace Vigil.Metrics.Ingest.Otlp;

/// <summary>The metric kinds the namer tells apart (otlptranslator <c>MetricType</c>).</summary>
internal enum NamerMetricKind
{
    Unknown,
    Gauge,
    MonotonicCounter,
    NonMonotonicCounter,
    Histogram,
    ExponentialHistogram,
    Summary,
}

/// <summary>
/// Builds the Prometheus metric family name of an OTLP metric (prometheus/otlptranslator metric_namer.go).
/// Escaping strategies split the name on characters outside <c>[a-zA-Z0-9:]</c> and join the tokens with
/// <c>_</c>; with suffixes, unit words are added unless already a token, counters end in <c>_total</c> and
/// unit-"1" gauges in <c>_ratio</c>; a leading digit gets a <c>_</c> prefix. Stateless and thread-safe.
/// </summary>
internal sealed class MetricNamer(TranslationStrategy strategy)
{
    private readonly bool _escape = strategy.ShouldEscape();
    private readonly bool _suffixes = strategy.ShouldAddSuffixes();

    public static NamerMetricKind KindOf(OtlpModel.Metric metric) => metric.Type switch
    {
        OtlpModel.MetricType.Gauge => NamerMetricKind.Gauge,
        OtlpModel.MetricType.Sum => metric.IsMonotonic ? NamerMetricKind.MonotonicCounter : NamerMetricKind.NonMonotonicCounter,
        OtlpModel.MetricType.Histogram => NamerMetricKind.Histogram,
        OtlpModel.MetricType.ExponentialHistogram => NamerMetricKind.ExponentialHistogram,
        OtlpModel.MetricType.Summary => NamerMetricKind.Summary,
        _ => NamerMetricKind.Unknown,
    };

    /// <summary>The family name, or null with <paramref name="error"/> in upstream wording.</summary>
    public string? Build(string name, string unit, NamerMetricKind kind, out string? error)
    {
        error = null;
        if (!_escape) return _suffixes ? BuildUtf8WithSuffixes(name, unit, kind) : name;

        string normalized = _suffixes ? NormalizeWithSuffixes(name, unit, kind) : NormalizeWithoutSuffixes(name);
        if (normalized.Length == 0)
        {
            error = $"normalization for metric {GoQuote.Quote(name)} resulted in empty name";
            return null;
        }
        if (normalized != name && normalized.AsSpan().IndexOfAnyExcept('_') < 0)
        {
            error = $"normalization for metric {GoQuote.Quote(name)} resulted in invalid name {GoQuote.Quote(normalized)}";
            return null;
        }
        return normalized;
    }

    /// <summary><c>[a-zA-Z0-9:]</c>: what survives escaping (<c>_</c> is a separator, so runs collapse).</summary>
    public static bool IsCompliantMetricChar(Rune r) =>
        r.Value is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or ':';

    private static string NormalizeWithSuffixes(string name, string unit, NamerMetricKind kind)
    {
        var tokens = Tokens(name, underscoreIsValid: false);
        var (main, per) = UnitNames.Suffixes(unit);
        AddUnitTokens(tokens, UnitNames.CleanUp(main), UnitNames.CleanUp(per));
        if (kind == NamerMetricKind.MonotonicCounter)
        {
            tokens.RemoveAll(static t => t == "total");
            tokens.Add("total");
        }
        // Only gauges: some receivers wrongly give counters of things unit "1" (comment in metric_namer.go).
        if (unit == "1" && kind == NamerMetricKind.Gauge)
        {
            tokens.RemoveAll(static t => t == "ratio");
            tokens.Add("ratio");
        }
        string joined = string.Join('_', tokens);
        return joined.Length > 0 && char.IsAsciiDigit(joined[0]) ? "_" + joined : joined;
    }

    private static string NormalizeWithoutSuffixes(string name)
    {
        string joined = string.Join('_', Tokens(name, underscoreIsValid: true));
        return joined.Length > 0 && char.IsAsciiDigit(joined[0]) ? "_" + joined : joined;
    }

    private static void AddUnitTokens(List<string> tokens, string main, string per)
    {
        if (tokens.Contains(main)) main = "";
        if (per == "per_")
        {
            per = "";
        }
        else
        {
            if (per.EndsWith('_')) per = per[..^1];
            if (tokens.Contains(per)) per = "";
        }
        if (per.Length > 0 && main.EndsWith('_')) main = main[..^1];
        if (main.Length > 0) tokens.Add(main);
        if (per.Length > 0) tokens.Add(per);
    }

    /// <summary>Go's <c>strings.FieldsFunc</c> over runes: non-empty runs of valid characters.</summary>
    private static List<string> Tokens(string name, bool underscoreIsValid)
    {
        var tokens = new List<string>(8);
        var current = new StringBuilder();
        foreach (var rune in name.EnumerateRunes())
        {
            if (IsCompliantMetricChar(rune) || (underscoreIsValid && rune.Value == '_'))
            {
                current.Append((char)rune.Value);
            }
            else if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }
        if (current.Length > 0) tokens.Add(current.ToString());
        return tokens;
    }

    /// <summary>
    /// NoUTF8EscapingWithSuffixes: the name kept, suffixes appended innermost first (unit, per-unit,
    /// <c>_total</c>, <c>_ratio</c>), each trimmed first if already there (metric_namer.go <c>buildMetricName</c>).
    /// </summary>
    private static string BuildUtf8WithSuffixes(string name, string unit, NamerMetricKind kind)
    {
        bool ratio = unit == "1" && kind == NamerMetricKind.Gauge;
        bool total = kind == NamerMetricKind.MonotonicCounter;
        if (ratio) name = TrimSuffixAndDelimiter(name, "ratio");
        if (total) name = TrimSuffixAndDelimiter(name, "total");
        var (main, per) = UnitNames.Suffixes(unit);
        if (per.Length > 0) name = TrimSuffixAndDelimiter(name, per);
        if (main.Length > 0 && !name.EndsWith(main, StringComparison.Ordinal)) name = name + "_" + main;
        if (per.Length > 0) name = name + "_" + per;
        if (total) name += "_total";
        if (ratio) name += "_ratio";
        return name;
    }

    private static string TrimSuffixAndDelimiter(string name, string suffix) =>
        name.EndsWith(suffix, StringComparison.Ordinal) && name.Length > suffix.Length + 1 ? name[..^(suffix.Length + 1)] : name;
}
