using System.Globalization;
using Vigil.Metrics.GoText;

namespace Vigil.Metrics.PromQL.Parser;

/// <summary>
/// Number and duration conversions exactly as upstream's parser does them: a number literal is tried as
/// Go's <c>strconv.ParseInt(s, 0, 64)</c> (so <c>0x1f</c>, <c>0755</c> octal and <c>1_000</c> work) and then as
/// <c>strconv.ParseFloat</c>; durations follow <c>model.ParseDuration</c> (units y w d h m s ms, largest first).
/// Each returns null on success or Go's error text.
/// </summary>
internal static class GoNumbers
{
    public static string? ParseNumber(ReadOnlySpan<char> s, out double value)
    {
        if (TryParseInt(s, out long l))
        {
            value = l;
            return null;
        }
        if (TryParseFloat(s, out value, out bool range)) return null;
        return "strconv.ParseFloat: parsing " + GoQuote.Quote(s) + (range ? ": value out of range" : ": invalid syntax");
    }

    // strconv.ParseInt(s, 0, 64) for unsigned input (the lexer never produces a sign).
    private static bool TryParseInt(ReadOnlySpan<char> s, out long value)
    {
        value = 0;
        if (s.IsEmpty) return false;
        int radix = 10;
        var digits = s;
        if (s[0] == '0' && s.Length > 1)
        {
            char p = char.ToLowerInvariant(s[1]);
            if (p == 'x') { radix = 16; digits = s[2..]; }
            else if (p == 'o') { radix = 8; digits = s[2..]; }
            else if (p == 'b') { radix = 2; digits = s[2..]; }
            else { radix = 8; digits = s[1..]; }
        }
        if (s.Contains('_') && !UnderscoreOk(s)) return false;
        ulong acc = 0;
        bool any = false;
        foreach (char c in digits)
        {
            if (c == '_') continue;
            int d = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'z' => c - 'a' + 10,
                >= 'A' and <= 'Z' => c - 'A' + 10,
                _ => 99,
            };
            if (d >= radix) return false;
            if (acc > (ulong.MaxValue - (ulong)d) / (ulong)radix) return false;
            acc = (acc * (ulong)radix) + (ulong)d;
            any = true;
        }
        if (!any || acc > long.MaxValue) return false;
        value = (long)acc;
        return true;
    }

    private static bool TryParseFloat(ReadOnlySpan<char> s, out double value, out bool range)
    {
        value = 0;
        range = false;
        if (s.Equals("inf", StringComparison.OrdinalIgnoreCase) || s.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = double.PositiveInfinity;
            return true;
        }
        if (s.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }
        if (s.Contains('_'))
        {
            if (!UnderscoreOk(s)) return false;
            s = s.ToString().Replace("_", "", StringComparison.Ordinal);
        }
        if (s.Length > 1 && s[0] == '0' && s[1] is 'x' or 'X')
        {
            // Hex floats need a 'p' exponent, which the lexer never lets through.
            return false;
        }
        foreach (char c in s)
        {
            if (!(char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-')) return false;
        }
        if (!double.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }
        if (double.IsInfinity(value))
        {
            range = true;
            return false;
        }
        return true;
    }

    // Go's underscoreOK: '_' only between digits or between a base prefix and a digit.
    private static bool UnderscoreOk(ReadOnlySpan<char> s)
    {
        char saw = '^';
        int i = 0;
        bool hex = false;
        if (s.Length >= 2 && s[0] == '0' && char.ToLowerInvariant(s[1]) is 'b' or 'o' or 'x')
        {
            i = 2;
            saw = '0';
            hex = char.ToLowerInvariant(s[1]) == 'x';
        }
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsAsciiDigit(c) || (hex && char.IsAsciiHexDigit(c)))
            {
                saw = '0';
                continue;
            }
            if (c == '_')
            {
                if (saw != '0') return false;
                saw = '_';
                continue;
            }
            if (saw == '_') return false;
            saw = '!';
        }
        return saw != '_';
    }

    private const long NanosPerMs = 1_000_000;

    /// <summary><c>model.ParseDuration</c>; the result is in nanoseconds (<c>time.Duration</c>).</summary>
    public static string? ParseDuration(ReadOnlySpan<char> s, out long nanos)
    {
        nanos = 0;
        if (s is "0") return null;
        if (s.IsEmpty) return "empty duration string";
        var orig = s;
        ulong dur = 0;
        int lastUnit = 0;
        while (!s.IsEmpty)
        {
            if (!char.IsAsciiDigit(s[0])) return "not a valid duration string: " + GoQuote.Quote(orig);
            int i = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            if (!ulong.TryParse(s[..i], NumberStyles.None, CultureInfo.InvariantCulture, out ulong v))
            {
                return "not a valid duration string: " + GoQuote.Quote(orig);
            }
            s = s[i..];
            i = 0;
            while (i < s.Length && !char.IsAsciiDigit(s[i])) i++;
            if (i == 0) return "not a valid duration string: " + GoQuote.Quote(orig);
            var unit = s[..i];
            s = s[i..];
            (int pos, ulong mult) = unit switch
            {
                "y" => (1, 365UL * 24 * 3600 * 1000 * NanosPerMs),
                "w" => (2, 7UL * 24 * 3600 * 1000 * NanosPerMs),
                "d" => (3, 24UL * 3600 * 1000 * NanosPerMs),
                "h" => (4, 3600UL * 1000 * NanosPerMs),
                "m" => (5, 60UL * 1000 * NanosPerMs),
                "s" => (6, 1000UL * NanosPerMs),
                "ms" => (7, (ulong)NanosPerMs),
                _ => (0, 0UL),
            };
            if (pos == 0) return "unknown unit " + GoQuote.Quote(unit) + " in duration " + GoQuote.Quote(orig);
            if (pos <= lastUnit) return "not a valid duration string: " + GoQuote.Quote(orig);
            lastUnit = pos;
            if (v > (1UL << 63) / mult) return "duration out of range";
            dur += v * mult;
            if (dur > long.MaxValue) return "duration out of range";
        }
        nanos = (long)dur;
        return null;
    }
}
