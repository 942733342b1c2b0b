using System.Globalization;
using System.Text;
using Vigil.Metrics.GoText;

namespace Vigil.Metrics.Scrape.Parsing;

/// <summary>
/// Numbers as Prometheus's text parsers read them: Go's <c>strconv.ParseFloat</c> syntax (decimal with
/// optional sign, fraction and exponent; <c>inf</c>/<c>infinity</c> with optional sign and <c>nan</c>, any
/// case), minus what <c>model/textparse</c>'s <c>parseFloat</c> refuses (<c>p</c>, <c>P</c>, <c>_</c>, so
/// no hex floats and no digit separators). Out-of-range values are an error, as in Go. Works on UTF-8
/// spans and allocates only for an error message.
/// </summary>
internal static class GoFloat
{
    /// <summary>The NaN Go's ParseFloat returns and Prometheus stores (<c>value.NormalNaN</c>).</summary>
    public const ulong NormalNaNBits = 0x7ff8000000000001UL;

    public static readonly double NormalNaN = BitConverter.UInt64BitsToDouble(NormalNaNBits);

    private const NumberStyles DecimalStyle =
        NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>Prometheus's <c>parseFloat</c>: null on success, else the error text Go would give.</summary>
    public static string? TryParseSampleValue(ReadOnlySpan<byte> s, out double value)
    {
        if (s.IndexOfAny("pP_"u8) >= 0)
        {
            value = 0;
            return "unsupported character in float";
        }
        return TryParse(s, out value) switch
        {
            ParseStatus.Ok => null,
            ParseStatus.Range => $"strconv.ParseFloat: parsing {GoQuote.Quote(s)}: value out of range",
            _ => $"strconv.ParseFloat: parsing {GoQuote.Quote(s)}: invalid syntax",
        };
    }

    /// <summary><c>strconv.ParseFloat(s, 64)</c> for decimal and special syntax (hex floats are a syntax error here).</summary>
    public static ParseStatus TryParse(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        if (s.IsEmpty) return ParseStatus.Syntax;
        if (TrySpecial(s, out value)) return ParseStatus.Ok;
        if (!IsDecimalSyntax(s)) return ParseStatus.Syntax;
        if (!double.TryParse(s, DecimalStyle, CultureInfo.InvariantCulture, out value)) return ParseStatus.Syntax;
        // .NET rounds an overflow to infinity where Go reports ErrRange; an infinity here can only be one.
        return double.IsInfinity(value) ? ParseStatus.Range : ParseStatus.Ok;
    }

    /// <summary><c>strconv.ParseInt(s, 10, 64)</c> for the digits the text lexer accepts (optionally after <c>-</c>).</summary>
    public static string? TryParseTimestamp(ReadOnlySpan<byte> s, out long value)
    {
        if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)) return null;
        return $"strconv.ParseInt: parsing {GoQuote.Quote(s)}: value out of range";
    }

    // Go's strconv "special": [+-](inf|infinity) or nan, case-insensitive, the whole string.
    private static bool TrySpecial(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        int sign = 1;
        var rest = s;
        if (rest[0] is (byte)'+' or (byte)'-')
        {
            sign = rest[0] == '-' ? -1 : 1;
            rest = rest[1..];
        }
        if (Ascii.EqualsIgnoreCase(rest, "inf"u8) || Ascii.EqualsIgnoreCase(rest, "infinity"u8))
        {
            value = sign > 0 ? double.PositiveInfinity : double.NegativeInfinity;
            return true;
        }
        if (rest.Length == s.Length && Ascii.EqualsIgnoreCase(rest, "nan"u8))
        {
            value = NormalNaN;
            return true;
        }
        return false;
    }

    // [+-] digits [. digits] [(e|E) [+-] digits], at least one mantissa digit (Go's readFloat, base 10).
    private static bool IsDecimalSyntax(ReadOnlySpan<byte> s)
    {
        int i = 0;
        if (s[0] is (byte)'+' or (byte)'-') i++;
        bool digits = false, dot = false;
        for (; i < s.Length; i++)
        {
            byte c = s[i];
            if (char.IsAsciiDigit((char)c)) digits = true;
            else if (c == '.' && !dot) dot = true;
            else break;
        }
        if (!digits) return false;
        if (i < s.Length && (s[i] | 0x20) == 'e')
        {
            i++;
            if (i < s.Length && s[i] is (byte)'+' or (byte)'-') i++;
            if (i >= s.Length || !char.IsAsciiDigit((char)s[i])) return false;
            while (i < s.Length && char.IsAsciiDigit((char)s[i])) i++;
        }
        return i == s.Length;
    }

    /// <summary>
    /// Prometheus's <c>FormatOpenMetricsFloat</c> (<c>model/labels</c>): Go's shortest <c>%g</c>, plus
    /// <c>.0</c> when that has neither <c>.</c> nor <c>e</c>. Used to normalise <c>le</c> and <c>quantile</c>.
    /// </summary>
    public static string FormatOpenMetrics(double f)
    {
        if (f == 1) return "1.0";
        if (f == 0) return "0.0";
        if (f == -1) return "-1.0";
        if (double.IsNaN(f)) return "NaN";
        if (double.IsPositiveInfinity(f)) return "+Inf";
        if (double.IsNegativeInfinity(f)) return "-Inf";
        string s = GoFloatFormat.FormatG(f);
        return s.AsSpan().IndexOfAny('e', '.') >= 0 ? s : s + ".0";
    }
}

/// <summary>Outcome of <see cref="GoFloat.TryParse"/>, as Go's ErrSyntax / ErrRange.</summary>
internal enum ParseStatus : byte
{
    Ok,
    Syntax,
    Range,
}
