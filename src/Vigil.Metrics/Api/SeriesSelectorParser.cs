using System.Globalization;
using System.Text;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Api;

/// <summary>
/// Parses a series selector (<c>up</c>, <c>http_requests_total{job="api",code=~"5.."}</c>, <c>{"a.b"}</c>) into
/// matchers, for <c>match[]</c> parameters. Errors read like PromQL's: <c>1:COL: parse error: …</c>. The full
/// PromQL parser (the PromQL issue) will take this over; the grammar here is PromQL's vector selector.
/// </summary>
internal static class SeriesSelectorParser
{
    public static List<Matcher> Parse(string text)
    {
        var p = new Cursor(text);
        var matchers = new List<Matcher>();
        p.SkipSpace();
        if (p.End) throw p.Error("unexpected end of input");
        if (IsNameStart(p.Peek))
        {
            string name = p.ReadIdentifier(metric: true);
            matchers.Add(Matcher.Equal(Labels.MetricName, name));
            p.SkipSpace();
        }
        if (!p.End && p.Peek == '{')
        {
            p.Advance();
            p.SkipSpace();
            while (!p.End && p.Peek != '}')
            {
                string label;
                if (p.Peek is '"' or '\'' or '`')
                {
                    label = p.ReadString();
                    p.SkipSpace();
                    if (!p.End && p.Peek is ',' or '}')
                    {
                        // A lone quoted string is the metric name (Prometheus 3.x UTF-8 names).
                        matchers.Add(Matcher.Equal(Labels.MetricName, label));
                        if (p.Peek == ',') { p.Advance(); p.SkipSpace(); }
                        continue;
                    }
                }
                else if (IsNameStart(p.Peek)) label = p.ReadIdentifier(metric: false);
                else throw p.Error($"unexpected character inside braces: '{p.Peek}'");
                p.SkipSpace();
                var type = p.ReadOperator();
                p.SkipSpace();
                if (p.End || p.Peek is not ('"' or '\'' or '`')) throw p.Error("unexpected character after label matcher operator, expected string");
                string value = p.ReadString();
                try
                {
                    matchers.Add(Matcher.Create(type, label, value));
                }
                catch (FormatException e)
                {
                    throw p.Error(e.Message);
                }
                p.SkipSpace();
                if (!p.End && p.Peek == ',') { p.Advance(); p.SkipSpace(); }
                else if (!p.End && p.Peek != '}') throw p.Error($"unexpected character inside braces: '{p.Peek}'");
            }
            if (p.End) throw p.Error("unexpected end of input inside braces");
            p.Advance();
            p.SkipSpace();
        }
        if (!p.End) throw p.Error($"unexpected character: '{p.Peek}'");
        if (matchers.Count == 0) throw p.Error("vector selector must contain at least one non-empty matcher");
        return matchers;
    }

    private static bool IsNameStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or ':';

    private sealed class Cursor(string text)
    {
        private int _pos;

        public bool End => _pos >= text.Length;
        public char Peek => text[_pos];
        public void Advance() => _pos++;

        public void SkipSpace()
        {
            while (!End && char.IsWhiteSpace(Peek)) _pos++;
        }

        public FormatException Error(string message) =>
            new($"1:{_pos + 1}: parse error: {message}");

        public string ReadIdentifier(bool metric)
        {
            int start = _pos;
            while (!End && (IsNameStart(Peek) || char.IsAsciiDigit(Peek)) && (metric || Peek != ':')) _pos++;
            return text[start.._pos];
        }

        public MatcherType ReadOperator()
        {
            if (End) throw Error("unexpected end of input, expected label matching operator");
            char c = Peek;
            char n = _pos + 1 < text.Length ? text[_pos + 1] : '\0';
            (MatcherType type, int len) = (c, n) switch
            {
                ('=', '~') => (MatcherType.Regex, 2),
                ('!', '=') => (MatcherType.NotEqual, 2),
                ('!', '~') => (MatcherType.NotRegex, 2),
                ('=', _) => (MatcherType.Equal, 1),
                _ => throw Error($"unexpected character after label: '{c}', expected label matching operator"),
            };
            _pos += len;
            return type;
        }

        public string ReadString()
        {
            char quote = Peek;
            int start = _pos;
            _pos++;
            var sb = new StringBuilder();
            while (true)
            {
                if (End) { _pos = start; throw Error("unterminated quoted string"); }
                char c = Peek;
                _pos++;
                if (c == quote) return sb.ToString();
                if (quote == '`' || c != '\\') { sb.Append(c); continue; }
                if (End) { _pos = start; throw Error("unterminated quoted string"); }
                char e = Peek;
                _pos++;
                switch (e)
                {
                    case 'n': sb.Append('\n'); break;
                    case 't': sb.Append('\t'); break;
                    case 'r': sb.Append('\r'); break;
                    case 'a': sb.Append('\a'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'v': sb.Append('\v'); break;
                    case '\\': sb.Append('\\'); break;
                    case '"' or '\'': sb.Append(e); break;
                    case 'u' or 'U' or 'x':
                    {
                        int digits = e == 'u' ? 4 : e == 'U' ? 8 : 2;
                        if (_pos + digits > text.Length || !int.TryParse(text.AsSpan(_pos, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int cp)
                            || cp > 0x10FFFF || cp is >= 0xD800 and <= 0xDFFF)
                            throw Error("invalid escape sequence in string");
                        sb.Append(char.ConvertFromUtf32(cp));
                        _pos += digits;
                        break;
                    }
                    default: throw Error($"unknown escape sequence '\\{e}'");
                }
            }
        }
    }
}
