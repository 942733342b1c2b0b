using System.Text;

namespace Vigil.Metrics.Ingest.Otlp;

/// <summary>
/// OTLP (UCUM) units as Prometheus name words (prometheus/otlptranslator metric_namer.go <c>unitMap</c>,
/// <c>perUnitMap</c>, unit_namer.go <c>buildUnitSuffixes</c>, <c>cleanUpUnit</c>). <c>By/s</c> becomes
/// <c>bytes</c> + <c>per_second</c>; annotations in braces (<c>{requests}</c>) add nothing; units not in
/// the table are kept as they are.
/// </summary>
internal static class UnitNames
{
    // "TiBy" -> "tibibytes" is upstream's spelling (kept for identical names; see the api-compat notes).
    private static readonly Dictionary<string, string> MainUnits = new(StringComparer.Ordinal)
    {
        ["d"] = "days", ["h"] = "hours", ["min"] = "minutes", ["s"] = "seconds",
        ["ms"] = "milliseconds", ["us"] = "microseconds", ["ns"] = "nanoseconds",
        ["By"] = "bytes", ["KiBy"] = "kibibytes", ["MiBy"] = "mebibytes", ["GiBy"] = "gibibytes", ["TiBy"] = "tibibytes",
        ["KBy"] = "kilobytes", ["MBy"] = "megabytes", ["GBy"] = "gigabytes", ["TBy"] = "terabytes",
        ["m"] = "meters", ["V"] = "volts", ["A"] = "amperes", ["J"] = "joules", ["W"] = "watts", ["g"] = "grams",
        ["Cel"] = "celsius", ["Hz"] = "hertz", ["1"] = "", ["%"] = "percent",
    };

    private static readonly Dictionary<string, string> PerUnits = new(StringComparer.Ordinal)
    {
        ["s"] = "second", ["m"] = "minute", ["h"] = "hour", ["d"] = "day", ["w"] = "week", ["mo"] = "month", ["y"] = "year",
    };

    /// <summary>The main and <c>per_</c> words of a unit, not yet escaped: <c>By/s</c> → (<c>bytes</c>, <c>per_second</c>).</summary>
    public static (string Main, string Per) Suffixes(string unit)
    {
        string main = "", per = "";
        int slash = unit.IndexOf('/', StringComparison.Ordinal);
        string mainPart = (slash < 0 ? unit : unit[..slash]).Trim();
        if (mainPart.Length > 0 && mainPart.AsSpan().IndexOfAny('{', '}') < 0)
            main = MainUnits.TryGetValue(mainPart, out string? word) ? word : mainPart;
        if (slash >= 0 && slash + 1 < unit.Length)
        {
            string perPart = unit[(slash + 1)..].Trim();
            if (perPart.Length > 0 && perPart.AsSpan().IndexOfAny('{', '}') < 0)
                per = PerUnits.TryGetValue(perPart, out string? word) ? word : perPart;
            if (per.Length > 0) per = "per_" + per;
        }
        return (main, per);
    }

    /// <summary>Escapes a unit word: characters outside <c>[a-zA-Z0-9:]</c> become <c>_</c>, runs collapse, a leading <c>_</c> goes.</summary>
    public static string CleanUp(string unit)
    {
        if (unit.Length == 0) return unit;
        var sb = new StringBuilder(unit.Length);
        bool lastUnderscore = false;
        foreach (var rune in unit.EnumerateRunes())
        {
            bool valid = MetricNamer.IsCompliantMetricChar(rune);
            char c = valid ? (char)rune.Value : '_';
            if (c == '_' && lastUnderscore) continue;
            sb.Append(c);
            lastUnderscore = c == '_';
        }
        if (sb.Length > 0 && sb[0] == '_') sb.Remove(0, 1);
        return sb.ToString();
    }

    /// <summary>
    /// The metadata unit Prometheus stores for a family (otlptranslator <c>UnitNamer.Build</c> with escaping):
    /// <c>s</c> → <c>seconds</c>, <c>By/s</c> → <c>bytes_per_second</c>, <c>1</c> and <c>{requests}</c> → "".
    /// </summary>
    public static string MetadataUnit(string unit)
    {
        var (main, per) = Suffixes(unit);
        main = CleanUp(main);
        per = CleanUp(per);
        string u = main.Length > 0 && per.Length > 0 ? main + "_" + per : main.Length > 0 ? main : per;
        if (u.StartsWith('_')) u = u[1..];
        if (u.EndsWith('_')) u = u[..^1];
        return u;
    }
}
