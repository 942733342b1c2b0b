using System.Text;

namespace Vigil.Metrics.PromQL.Parser;

/// <summary>
/// Unquotes a PromQL string token (Prometheus <c>strutil.Unquote</c>): <c>"..."</c> and <c>'...'</c> with Go
/// escapes (<c>\n</c>, octal <c>\377</c>, <c>\xff</c>, <c>\u00e9</c>, <c>\U0001F600</c>), <c>`...`</c> raw (carriage
/// returns dropped). Byte escapes build UTF-8, as Go strings are bytes; invalid UTF-8 becomes U+FFFD.
/// </summary>
internal static class StringUnquoting
{
    /// <summary>Returns null on success, else the Go error text ("invalid syntax").</summary>
    public static string? Unquote(ReadOnlySpan<char> quoted, out string value)
    {
        value = "";
        if (quoted.Length < 2) return "invalid syntax";
        char quote = quoted[0];
        if (quoted[^1] != quote) return "invalid syntax";
        var body = quoted[1..^1];
        if (quote == '`')
        {
            if (body.Contains('`')) return "invalid syntax";
            value = body.Contains('\r') ? body.ToString().Replace("\r", "", StringComparison.Ordinal) : body.ToString();
            return null;
        }
        if (quote is not ('"' or '\'')) return "invalid syntax";
        if (body.IndexOfAny('\\', quote, '\n') < 0)
        {
            value = body.ToString();
            return null;
        }
        var bytes = new List<byte>(body.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < body.Length;)
        {
            char c = body[i];
            if (c == quote || c == '\n') return "invalid syntax";
            if (c != '\\')
            {
                int len = char.IsHighSurrogate(c) && i + 1 < body.Length ? 2 : 1;
                int n = Encoding.UTF8.GetBytes(body.Slice(i, len), utf8);
                for (int k = 0; k < n; k++) bytes.Add(utf8[k]);
                i += len;
                continue;
            }
            i++;
            if (i >= body.Length) return "invalid syntax";
            char e = body[i++];
            switch (e)
            {
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'n': bytes.Add(10); break;
                case 'r': bytes.Add(13); break;
                case 't': bytes.Add(9); break;
                case 'v': bytes.Add(11); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case '\'' or '"':
                    if (e != quote) return "invalid syntax";
                    bytes.Add((byte)e);
                    break;
                case >= '0' and <= '7':
                {
                    if (i + 2 > body.Length) return "invalid syntax";
                    int v = e - '0';
                    for (int k = 0; k < 2; k++)
                    {
                        char d = body[i++];
                        if (d is < '0' or > '7') return "invalid syntax";
                        v = (v * 8) + (d - '0');
                    }
                    if (v > 255) return "invalid syntax";
                    bytes.Add((byte)v);
                    break;
                }
                case 'x' or 'u' or 'U':
                {
                    int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + n > body.Length) return "invalid syntax";
                    uint v = 0;
                    for (int k = 0; k < n; k++)
                    {
                        char d = body[i++];
                        if (!char.IsAsciiHexDigit(d)) return "invalid syntax";
                        v = (v << 4) | (uint)Convert.ToInt32(d.ToString(), 16);
                    }
                    if (e == 'x')
                    {
                        bytes.Add((byte)v);
                        break;
                    }
                    if (v > 0x10FFFF || (v >= 0xD800 && v < 0xE000)) return "invalid syntax";
                    int w = new Rune(v).EncodeToUtf8(utf8);
                    for (int k = 0; k < w; k++) bytes.Add(utf8[k]);
                    break;
                }
                default:
                    return "invalid syntax";
            }
        }
        value = Encoding.UTF8.GetString(bytes.ToArray());
        return null;
    }
}
