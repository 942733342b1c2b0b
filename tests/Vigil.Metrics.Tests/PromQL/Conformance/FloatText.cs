using System.Globalization;

namespace Vigil.Metrics.Tests.PromQL.Conformance;

/// <summary>Number reading and printing for the scripts (README 3.1 and 4).</summary>
internal static class FloatText
{
    /// <summary>
    /// Reads a series value number at <paramref name="pos"/>: optional sign, then decimal digits with an optional
    /// fraction and exponent, or the words Inf / NaN (any case). Hexadecimal is not accepted in series values.
    /// </summary>
    public static bool TryRead(string text, ref int pos, out double value)
    {
        value = 0;
        int i = pos;
        bool negative = false;
        if (i < text.Length && (text[i] == '+' || text[i] == '-'))
        {
            negative = text[i] == '-';
            i++;
        }
        if (StartsWithWord(text, i, "inf"))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            pos = i + 3;
            return true;
        }
        if (StartsWithWord(text, i, "nan"))
        {
            value = double.NaN;
            pos = i + 3;
            return true;
        }
        int start = i;
        int digits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i])) { i++; digits++; }
        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i])) { i++; digits++; }
        }
        if (digits == 0) return false;
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            int j = i + 1;
            if (j < text.Length && (text[j] == '+' || text[j] == '-')) j++;
            int expDigits = 0;
            while (j < text.Length && char.IsAsciiDigit(text[j])) { j++; expDigits++; }
            if (expDigits > 0) i = j;
        }
        if (!double.TryParse(text.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return false;
        if (negative) value = -value;
        pos = i;
        return true;
    }

    /// <summary>
    /// A scalar expectation line (upstream <c>parseNumber</c>): an integer in Go's base-prefix syntax
    /// (<c>0x1f</c>, <c>0o17</c>, <c>0b101</c>, leading-zero octal) or a float, Inf/NaN included.
    /// </summary>
    public static bool TryParseScalarLine(string text, out double value)
    {
        if (TryParseGoInt(text, out long n))
        {
            value = n;
            return true;
        }
        int pos = 0;
        if (TryRead(text, ref pos, out value) && pos == text.Length) return true;
        string lower = text.ToLowerInvariant();
        if (lower is "infinity" or "+infinity") { value = double.PositiveInfinity; return true; }
        if (lower == "-infinity") { value = double.NegativeInfinity; return true; }
        value = 0;
        return false;
    }

    private static bool TryParseGoInt(string text, out long value)
    {
        value = 0;
        var s = text.AsSpan();
        bool negative = false;
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s.Length == 0) return false;
        int radix = 10;
        if (s.Length > 1 && s[0] == '0')
        {
            switch (char.ToLowerInvariant(s[1]))
            {
                case 'x': radix = 16; s = s[2..]; break;
                case 'o': radix = 8; s = s[2..]; break;
                case 'b': radix = 2; s = s[2..]; break;
                default: radix = 8; s = s[1..]; break;
            }
        }
        if (s.Length == 0) return false;
        long result = 0;
        foreach (char c in s)
        {
            if (c == '_' && radix != 10) continue;
            int d = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
            if (d >= radix) return false;
            try { result = checked((result * radix) + d); }
            catch (OverflowException) { return false; }
        }
        value = negative ? -result : result;
        return true;
    }

    /// <summary>Go's <c>%v</c> for a float64, enough for failure messages.</summary>
    public static string Format(double v) =>
        double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "+Inf" : double.IsNegativeInfinity(v) ? "-Inf" : v.ToString("R", CultureInfo.InvariantCulture);

    private static bool StartsWithWord(string text, int i, string word) =>
        i + word.Length <= text.Length && text.AsSpan(i, word.Length).Equals(word, StringComparison.OrdinalIgnoreCase);
}
