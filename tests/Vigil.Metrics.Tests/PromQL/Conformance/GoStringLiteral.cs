using System.Globalization;
using System.Text;

namespace Vigil.Metrics.Tests.PromQL.Conformance;

/// <summary>
/// Unquotes the string literals the scripts use: PromQL label values (<c>"..."</c>, <c>'...'</c>, <c>`...`</c>)
/// and <c>expect string</c> arguments (Go-quoted). Escapes follow Go's <c>strconv.Unquote</c>, which PromQL's
/// lexer mirrors: \a \b \f \n \r \t \v \\ \' \" \xNN \NNN (octal) \uNNNN \UNNNNNNNN.
/// </summary>
internal static class GoStringLiteral
{
    /// <summary>Reads a literal starting at <paramref name="pos"/> (a quote character); advances past the closing quote.</summary>
    public static bool TryRead(string text, ref int pos, out string value, out string? error)
    {
        value = "";
        error = null;
        if (pos >= text.Length || (text[pos] != '"' && text[pos] != '\'' && text[pos] != '`'))
        {
            error = "expected a quoted string";
            return false;
        }
        char quote = text[pos];
        int i = pos + 1;
        var sb = new StringBuilder();
        // Escaped bytes (\xNN, \NNN) are collected as UTF-8 and decoded together, as Go strings are bytes.
        var pendingBytes = new List<byte>();
        void FlushBytes()
        {
            if (pendingBytes.Count == 0) return;
            sb.Append(Encoding.UTF8.GetString([.. pendingBytes]));
            pendingBytes.Clear();
        }
        while (true)
        {
            if (i >= text.Length)
            {
                error = "unterminated quoted string";
                return false;
            }
            char c = text[i];
            if (c == quote)
            {
                FlushBytes();
                pos = i + 1;
                value = sb.ToString();
                return true;
            }
            if (quote == '`' || c != '\\')
            {
                if (c == '\n' && quote != '`')
                {
                    error = "newline in string";
                    return false;
                }
                FlushBytes();
                sb.Append(c);
                i++;
                continue;
            }
            if (i + 1 >= text.Length)
            {
                error = "unterminated escape";
                return false;
            }
            char e = text[i + 1];
            i += 2;
            switch (e)
            {
                case 'a': FlushBytes(); sb.Append('\a'); break;
                case 'b': FlushBytes(); sb.Append('\b'); break;
                case 'f': FlushBytes(); sb.Append('\f'); break;
                case 'n': FlushBytes(); sb.Append('\n'); break;
                case 'r': FlushBytes(); sb.Append('\r'); break;
                case 't': FlushBytes(); sb.Append('\t'); break;
                case 'v': FlushBytes(); sb.Append('\v'); break;
                case '\\': FlushBytes(); sb.Append('\\'); break;
                case '\'' or '"':
                    if (e != quote)
                    {
                        error = $"unknown escape sequence \\{e}";
                        return false;
                    }
                    FlushBytes();
                    sb.Append(e);
                    break;
                case 'x':
                    if (!TryHex(text, i, 2, out int b))
                    {
                        error = "invalid \\x escape";
                        return false;
                    }
                    pendingBytes.Add((byte)b);
                    i += 2;
                    break;
                case >= '0' and <= '7':
                    if (i + 1 >= text.Length || !IsOctal(text[i]) || !IsOctal(text[i + 1]))
                    {
                        error = "invalid octal escape";
                        return false;
                    }
                    int o = ((e - '0') * 64) + ((text[i] - '0') * 8) + (text[i + 1] - '0');
                    if (o > 255)
                    {
                        error = "octal escape value > 255";
                        return false;
                    }
                    pendingBytes.Add((byte)o);
                    i += 2;
                    break;
                case 'u' or 'U':
                    int digits = e == 'u' ? 4 : 8;
                    if (!TryHex(text, i, digits, out int cp) || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000))
                    {
                        error = $"invalid \\{e} escape";
                        return false;
                    }
                    FlushBytes();
                    sb.Append(char.ConvertFromUtf32(cp));
                    i += digits;
                    break;
                default:
                    error = $"unknown escape sequence \\{e}";
                    return false;
            }
        }
    }

    /// <summary>Go's <c>strconv.Unquote</c> of a whole text: one literal and nothing after it.</summary>
    public static bool TryUnquote(string text, out string value)
    {
        int pos = 0;
        if (TryRead(text, ref pos, out value, out _) && pos == text.Length && text[0] != '\'') return true;
        value = "";
        return false;
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';

    private static bool TryHex(string text, int start, int digits, out int value)
    {
        value = 0;
        return start + digits <= text.Length
            && int.TryParse(text.AsSpan(start, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
