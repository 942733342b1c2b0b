using System.Globalization;

namespace Vigil.Metrics.Api;

/// <summary>Prometheus API time parameters (api-compat 3.3): float Unix seconds (rounded to ms) or RFC 3339.</summary>
internal static class ApiTime
{
    public static bool TryParse(string text, out long ms)
    {
        ms = 0;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && double.IsFinite(seconds))
        {
            double m = Math.Round(seconds * 1000);
            ms = m >= long.MaxValue ? long.MaxValue : m <= long.MinValue ? long.MinValue : (long)m;
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            && text.Contains('T', StringComparison.Ordinal))
        {
            ms = time.ToUnixTimeMilliseconds();
            return true;
        }
        return false;
    }
}
