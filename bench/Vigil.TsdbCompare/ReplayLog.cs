using System.Globalization;
using System.Text.RegularExpressions;

namespace Vigil.TsdbCompare;

/// <summary>
/// Reads the WAL replay duration from each server's "WAL replay completed" log line: Prometheus logs
/// <c>total_replay_duration=1.234s</c> (a Go duration, tsdb/head.go), Vigil <c>duration_seconds=1.234</c>.
/// </summary>
internal static partial class ReplayLog
{
    public const string Marker = "WAL replay completed";

    [GeneratedRegex(@"total_replay_duration=(\S+)")]
    private static partial Regex PrometheusDuration();

    [GeneratedRegex(@"duration_seconds=([0-9.eE+-]+)")]
    private static partial Regex VigilDuration();

    [GeneratedRegex(@"([0-9.]+)(h|ms|m|s|µs|us|ns)")]
    private static partial Regex GoDurationPart();

    public static double? Seconds(string? line)
    {
        if (line is null)
        {
            return null;
        }
        var vigil = VigilDuration().Match(line);
        if (vigil.Success && double.TryParse(vigil.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double s))
        {
            return s;
        }
        var prom = PrometheusDuration().Match(line);
        return prom.Success ? GoDuration(prom.Groups[1].Value) : null;
    }

    /// <summary>Go's time.Duration.String(): "1h2m3.5s", "250ms", "749.829µs".</summary>
    public static double? GoDuration(string text)
    {
        double total = 0;
        int matched = 0;
        foreach (Match part in GoDurationPart().Matches(text))
        {
            double v = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            total += part.Groups[2].Value switch
            {
                "h" => v * 3600,
                "m" => v * 60,
                "s" => v,
                "ms" => v / 1e3,
                "µs" or "us" => v / 1e6,
                _ => v / 1e9,
            };
            matched += part.Length;
        }
        return matched == text.Length && matched > 0 ? total : null;
    }
}
