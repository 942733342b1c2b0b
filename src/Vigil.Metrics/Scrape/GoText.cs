using System.Globalization;
using System.Text;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// Go's <c>%q</c> formatting, so error texts read exactly as Prometheus prints them
/// (<c>"a-b" is not a valid label name</c>). Printable characters pass through; quotes, backslashes and
/// control characters are escaped as Go's <c>strconv.Quote</c> does.
/// </summary>
internal static class GoText
{
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\a': sb.Append("\\a"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\v': sb.Append("\\v"); break;
                default:
                    if (c < 0x20 || c == 0x7f) sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>Go's <c>%.50q</c>: the first 50 characters, quoted (label limit errors use it).</summary>
    public static string Quote(string s, int maxChars) => Quote(s.Length > maxChars ? s[..maxChars] : s);

    /// <summary>Go's <c>%.50s</c>.</summary>
    public static string Truncate(string s, int maxChars) => s.Length > maxChars ? s[..maxChars] : s;
}
