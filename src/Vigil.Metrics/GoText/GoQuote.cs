using System.Globalization;
using System.Text;

namespace Vigil.Metrics.GoText;

/// <summary>
/// Go's <c>%q</c> (<c>strconv.Quote</c>), <c>strconv.QuoteRune</c> and <c>%#U</c>, so error texts read exactly
/// as Prometheus prints them (<c>"a-b" is not a valid label name</c>): printable Unicode stays;
/// <c>\n \t \" \\</c> and friends are escaped, other control characters and invalid UTF-8 bytes become
/// <c>\xNN</c>, other unprintable runes <c>\uNNNN</c> / <c>\UNNNNNNNN</c> (strconv/quote.go appendEscapedRune).
/// Built on error paths only.
/// </summary>
internal static class GoQuote
{
    /// <summary>Go's <c>utf8.RuneError</c>, which a lone surrogate stands for.</summary>
    public const int RuneError = 0xFFFD;

    /// <summary>Longest byte input quoted in full; longer ones keep their tail, led by <c>...</c>.</summary>
    public const int MaxBytes = 1024;

    /// <summary><c>strconv.Quote</c> of a string; never truncates.</summary>
    public static string Quote(ReadOnlySpan<char> s)
    {
        var sb = new StringBuilder(s.Length + 2);
        AppendQuoted(sb, s);
        return sb.ToString();
    }

    public static void AppendQuoted(StringBuilder sb, ReadOnlySpan<char> s)
    {
        sb.Append('"');
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            int rune = c;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                rune = char.ConvertToUtf32(c, s[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                rune = RuneError;
            }
            AppendEscapedRune(sb, rune, '"');
        }
        sb.Append('"');
    }

    /// <summary>
    /// <c>strconv.Quote</c> of a UTF-8 byte string (parse errors quote raw input): invalid bytes become
    /// <c>\xNN</c>. Input over <see cref="MaxBytes"/> keeps only its tail, after <c>...</c>: a giant line would
    /// make a giant error, and what went wrong is at its end.
    /// </summary>
    public static string Quote(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(Math.Min(bytes.Length, MaxBytes) + 5);
        sb.Append('"');
        if (bytes.Length > MaxBytes)
        {
            sb.Append("...");
            bytes = bytes[^MaxBytes..];
        }
        while (!bytes.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(bytes, out var rune, out int used);
            if (status != System.Buffers.OperationStatus.Done)
            {
                AppendHexByte(sb, bytes[0]);
                bytes = bytes[1..];
                continue;
            }
            AppendEscapedRune(sb, rune.Value, '"');
            bytes = bytes[used..];
        }
        sb.Append('"');
        return sb.ToString();
    }

    /// <summary><c>strconv.QuoteRune</c>: <c>'x'</c>, <c>'\n'</c>, <c>'\''</c>.</summary>
    public static string QuoteRune(int rune)
    {
        var sb = new StringBuilder(12).Append('\'');
        AppendEscapedRune(sb, rune, '\'');
        return sb.Append('\'').ToString();
    }

    /// <summary>Go's <c>%#U</c>: <c>U+0078 'x'</c> (the quoted character only when printable).</summary>
    public static string FormatRuneU(int rune)
    {
        string code = "U+" + rune.ToString("X4", CultureInfo.InvariantCulture);
        return IsPrint(rune) ? code + " '" + char.ConvertFromUtf32(rune) + "'" : code;
    }

    private static void AppendEscapedRune(StringBuilder sb, int rune, char quote)
    {
        if (rune == quote || rune == '\\')
        {
            sb.Append('\\').Append((char)rune);
            return;
        }
        switch (rune)
        {
            case '\a': sb.Append("\\a"); return;
            case '\b': sb.Append("\\b"); return;
            case '\f': sb.Append("\\f"); return;
            case '\n': sb.Append("\\n"); return;
            case '\r': sb.Append("\\r"); return;
            case '\t': sb.Append("\\t"); return;
            case '\v': sb.Append("\\v"); return;
        }
        if (rune < 0x20 || rune == 0x7F) AppendHexByte(sb, (byte)rune);
        else if (IsPrint(rune)) sb.Append(char.ConvertFromUtf32(rune));
        else if (rune < 0x10000) sb.Append("\\u").Append(rune.ToString("x4", CultureInfo.InvariantCulture));
        else sb.Append("\\U").Append(rune.ToString("x8", CultureInfo.InvariantCulture));
    }

    private static void AppendHexByte(StringBuilder sb, byte b) =>
        sb.Append("\\x").Append(b.ToString("x2", CultureInfo.InvariantCulture));

    /// <summary>Go's <c>unicode.IsPrint</c>: letters, marks, numbers, punctuation, symbols and U+0020.</summary>
    private static bool IsPrint(int rune)
    {
        if (rune < 0x20 || rune == 0x7F || rune > 0x10FFFF || (rune >= 0xD800 && rune < 0xE000)) return false;
        if (rune < 0x7F) return true;
        return CharUnicodeInfo.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => false,
            _ => true,
        };
    }
}
