using System.Globalization;
using System.Text;

namespace Vigil.Metrics.PromQL.Parser;

/// <summary>Go's <c>%q</c> and <c>%#U</c> renderings used in upstream's parse error texts.</summary>
internal static class GoStrings
{
    public const int RuneError = 0xFFFD;

    /// <summary><c>strconv.Quote</c> of a string (printable Unicode kept, the rest escaped); never truncates.</summary>
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
            switch (rune)
            {
                case '"': sb.Append("\\\""); continue;
                case '\\': sb.Append("\\\\"); continue;
                case '\a': sb.Append("\\a"); continue;
                case '\b': sb.Append("\\b"); continue;
                case '\f': sb.Append("\\f"); continue;
                case '\n': sb.Append("\\n"); continue;
                case '\r': sb.Append("\\r"); continue;
                case '\t': sb.Append("\\t"); continue;
                case '\v': sb.Append("\\v"); continue;
            }
            if (rune < 0x20 || rune == 0x7F) sb.Append("\\x").Append(rune.ToString("x2", CultureInfo.InvariantCulture));
            else if (IsPrint(rune)) sb.Append(char.ConvertFromUtf32(rune));
            else if (rune < 0x10000) sb.Append("\\u").Append(rune.ToString("x4", CultureInfo.InvariantCulture));
            else sb.Append("\\U").Append(rune.ToString("x8", CultureInfo.InvariantCulture));
        }
        sb.Append('"');
    }

    /// <summary><c>strconv.QuoteRune</c>: <c>'x'</c>, <c>'\n'</c>, <c>'\''</c>.</summary>
    public static string QuoteRune(int rune)
    {
        var sb = new StringBuilder(8).Append('\'');
        switch (rune)
        {
            case '\'': sb.Append("\\'"); break;
            case '\\': sb.Append("\\\\"); break;
            case '\a': sb.Append("\\a"); break;
            case '\b': sb.Append("\\b"); break;
            case '\f': sb.Append("\\f"); break;
            case '\n': sb.Append("\\n"); break;
            case '\r': sb.Append("\\r"); break;
            case '\t': sb.Append("\\t"); break;
            case '\v': sb.Append("\\v"); break;
            default:
                if (rune < 0x20 || rune == 0x7F) sb.Append("\\x").Append(rune.ToString("x2", CultureInfo.InvariantCulture));
                else if (IsPrint(rune)) sb.Append(char.ConvertFromUtf32(rune));
                else if (rune < 0x10000) sb.Append("\\u").Append(rune.ToString("x4", CultureInfo.InvariantCulture));
                else sb.Append("\\U").Append(rune.ToString("x8", CultureInfo.InvariantCulture));
                break;
        }
        return sb.Append('\'').ToString();
    }

    /// <summary>Go's <c>%#U</c>: <c>U+0078 'x'</c> (the quoted character only when printable).</summary>
    public static string FormatRuneU(int rune)
    {
        string code = "U+" + rune.ToString("X4", CultureInfo.InvariantCulture);
        return IsPrint(rune) ? code + " '" + char.ConvertFromUtf32(rune) + "'" : code;
    }

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
