using System.Globalization;

namespace Vigil.Core.Text;

/// <summary>
/// Byte quantities as people write them in config files: a number with an optional unit, B, KB, MB, GB,
/// TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024); <c>64MiB</c>, <c>512MB</c>, <c>1048576</c>.
/// The unit is case-insensitive, as Prometheus's <c>--storage.tsdb.retention.size</c> is.
/// </summary>
public static class ByteSize
{
    private static readonly (string Unit, long Factor)[] Units =
    [
        ("kib", 1L << 10), ("mib", 1L << 20), ("gib", 1L << 30), ("tib", 1L << 40),
        ("kb", 1000L), ("mb", 1000_000L), ("gb", 1000_000_000L), ("tb", 1000_000_000_000L),
        ("k", 1000L), ("m", 1000_000L), ("g", 1000_000_000L),
        ("b", 1L),
    ];

    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var span = text.AsSpan().Trim();
        int pos = 0;
        while (pos < span.Length && (char.IsAsciiDigit(span[pos]) || span[pos] == '.')) pos++;
        if (pos == 0 || !double.TryParse(span[..pos], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double n))
        {
            return false;
        }
        var unit = span[pos..].Trim();
        long factor = 1;
        if (!unit.IsEmpty)
        {
            factor = 0;
            foreach (var (name, f) in Units)
            {
                if (unit.Equals(name, StringComparison.OrdinalIgnoreCase)) { factor = f; break; }
            }
            if (factor == 0)
            {
                return false;
            }
        }
        double total = n * factor;
        if (total > long.MaxValue)
        {
            return false;
        }
        bytes = (long)total;
        return true;
    }

    /// <summary>Formats with the largest binary unit that divides the value exactly (<c>64MiB</c>).</summary>
    public static string Format(long bytes)
    {
        string[] units = ["TiB", "GiB", "MiB", "KiB"];
        int[] shifts = [40, 30, 20, 10];
        for (int i = 0; i < units.Length; i++)
        {
            long f = 1L << shifts[i];
            if (bytes >= f && bytes % f == 0)
            {
                return (bytes / f).ToString(CultureInfo.InvariantCulture) + units[i];
            }
        }
        return bytes.ToString(CultureInfo.InvariantCulture) + "B";
    }
}
