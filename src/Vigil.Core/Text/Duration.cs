using System.Globalization;
using System.Text;

namespace Vigil.Core.Text;

/// <summary>
/// Durations in Prometheus's notation: one or more number+unit pairs, largest unit first, units
/// y, w, d, h, m, s, ms (for example <c>1h30m</c>, <c>15s</c>, <c>100ms</c>). A bare <c>0</c> is zero.
/// See https://prometheus.io/docs/prometheus/latest/configuration/configuration/#duration.
/// </summary>
public static class Duration
{
    private static readonly (string Unit, long Millis)[] Units =
    [
        ("y", 365L * 24 * 3600 * 1000),
        ("w", 7L * 24 * 3600 * 1000),
        ("d", 24L * 3600 * 1000),
        ("h", 3600L * 1000),
        ("m", 60L * 1000),
        ("s", 1000),
        ("ms", 1),
    ];

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        if (text == "0")
        {
            return true;
        }
        long total = 0;
        int pos = 0;
        int lastUnit = -1;
        while (pos < text.Length)
        {
            int start = pos;
            while (pos < text.Length && char.IsAsciiDigit(text[pos])) pos++;
            if (pos == start || !long.TryParse(text.AsSpan(start, pos - start), NumberStyles.None, CultureInfo.InvariantCulture, out long n))
            {
                return false;
            }
            int unitStart = pos;
            while (pos < text.Length && char.IsAsciiLetterLower(text[pos])) pos++;
            var unit = text.AsSpan(unitStart, pos - unitStart);
            int index = -1;
            for (int i = 0; i < Units.Length; i++)
            {
                if (unit.SequenceEqual(Units[i].Unit)) { index = i; break; }
            }
            // Units must be unique and in decreasing order, as Prometheus requires.
            if (index < 0 || index <= lastUnit)
            {
                return false;
            }
            lastUnit = index;
            try
            {
                total = checked(total + checked(n * Units[index].Millis));
            }
            catch (OverflowException)
            {
                return false;
            }
        }
        // TimeSpan holds about 29,000 years; a longer duration is no duration anyone means.
        if (total > (long)TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }
        value = TimeSpan.FromMilliseconds(total);
        return true;
    }

    /// <summary>Formats like Prometheus (<c>1h30m</c>, <c>15s</c>, <c>0s</c>).</summary>
    public static string Format(TimeSpan value)
    {
        long ms = (long)value.TotalMilliseconds;
        if (ms == 0)
        {
            return "0s";
        }
        var sb = new StringBuilder();
        foreach (var (unit, millis) in Units)
        {
            // As prometheus/common model.Duration.String: years and weeks only when they divide exactly (15d, not 2w1d).
            if (unit is "y" or "w" && ms % millis != 0) continue;
            if (ms >= millis)
            {
                sb.Append(ms / millis).Append(unit);
                ms %= millis;
            }
        }
        return sb.ToString();
    }
}
