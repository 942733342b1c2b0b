using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Vigil.Metrics.Tsdb.Querying;

/// <summary>
/// Go RE2 syntax, as Prometheus uses it, on .NET's non-backtracking engine (linear time, so a hostile
/// regex cannot stall a query). Anchored at both ends with <c>\A</c>/<c>\z</c> (Go's <c>$</c> never
/// matches before a trailing newline, .NET's does) and with <c>.</c> matching newlines (Prometheus 3.x).
/// RE2 spellings .NET lacks are rewritten: <c>(?P&lt;name&gt;</c>, <c>[[:alpha:]]</c>-style classes,
/// <c>\Q...\E</c>, <c>\x{...}</c>, and <c>$</c> meaning end of text. Compiled regexes are cached.
/// </summary>
public sealed class PrometheusRegex
{
    private static readonly ConcurrentDictionary<string, PrometheusRegex> Cache = new(StringComparer.Ordinal);
    private const int MaxCached = 4096;

    private readonly Regex _regex;

    private PrometheusRegex(Regex regex) => _regex = regex;

    public bool IsMatch(string value) => _regex.IsMatch(value);

    /// <summary>The regex's match of <paramref name="value"/> (anchored), for label_replace and relabeling.</summary>
    public Match Match(string value) => _regex.Match(value);

    /// <summary>Compiles (or fetches) an anchored regex; throws <see cref="FormatException"/> in Go's wording when invalid.</summary>
    public static PrometheusRegex Get(string pattern)
    {
        if (Cache.TryGetValue(pattern, out var cached)) return cached;
        var compiled = new PrometheusRegex(Compile(pattern, anchored: true));
        if (Cache.Count >= MaxCached) Cache.Clear();
        Cache.TryAdd(pattern, compiled);
        return compiled;
    }

    /// <summary>An unanchored .NET regex with RE2 syntax translated (for callers that need substitution).</summary>
    public static Regex Compile(string pattern, bool anchored)
    {
        string translated = Translate(pattern);
        string full = anchored ? @"\A(?:" + translated + @")\z" : translated;
        try
        {
            return new Regex(full, RegexOptions.Singleline | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking,
                TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new FormatException($"error parsing regexp: {Reason(e)}: `{pattern}`", e);
        }
    }

    private static string Reason(Exception e)
    {
        string m = e.Message;
        int i = m.IndexOf(" - ", StringComparison.Ordinal);
        return (i >= 0 ? m[(i + 3)..] : m).TrimEnd('.');
    }

    /// <summary>True when the regex is a plain literal or an alternation of plain literals (no metacharacters).</summary>
    public static bool TryGetLiteralAlternatives(string pattern, out string[] alternatives)
    {
        alternatives = [];
        if (pattern.Length == 0) { alternatives = [""]; return true; }
        foreach (char c in pattern)
        {
            if (c is '.' or '*' or '+' or '?' or '(' or ')' or '[' or ']' or '{' or '}' or '^' or '$' or '\\') return false;
        }
        alternatives = pattern.Split('|');
        return true;
    }

    private static readonly Dictionary<string, string> PosixClasses = new(StringComparer.Ordinal)
    {
        ["alnum"] = "0-9A-Za-z", ["alpha"] = "A-Za-z", ["ascii"] = @"\x00-\x7F", ["blank"] = @"\t ",
        ["cntrl"] = @"\x00-\x1F\x7F", ["digit"] = "0-9", ["graph"] = @"!-~", ["lower"] = "a-z",
        ["print"] = @" -~", ["punct"] = @"!-/:-@\[-`{-~", ["space"] = @"\t\n\v\f\r ", ["upper"] = "A-Z",
        ["word"] = "0-9A-Za-z_", ["xdigit"] = "0-9A-Fa-f",
    };

    /// <summary>Rewrites RE2-only spellings into .NET's; everything else passes through.</summary>
    internal static string Translate(string p)
    {
        var sb = new StringBuilder(p.Length + 8);
        bool inClass = false;
        for (int i = 0; i < p.Length; i++)
        {
            char c = p[i];
            if (c == '\\' && i + 1 < p.Length)
            {
                char n = p[i + 1];
                if (n == 'Q')
                {
                    int end = p.IndexOf(@"\E", i + 2, StringComparison.Ordinal);
                    string literal = end < 0 ? p[(i + 2)..] : p[(i + 2)..end];
                    sb.Append(Regex.Escape(literal));
                    i = end < 0 ? p.Length : end + 1;
                    continue;
                }
                if (n == 'x' && i + 2 < p.Length && p[i + 2] == '{')
                {
                    int close = p.IndexOf('}', i + 3);
                    if (close > 0 && int.TryParse(p.AsSpan(i + 3, close - i - 3), System.Globalization.NumberStyles.HexNumber, null, out int cp)
                        && cp <= 0x10FFFF)
                    {
                        string s = char.ConvertFromUtf32(cp);
                        foreach (char ch in s) sb.Append(@"\u").Append(((int)ch).ToString("X4"));
                        i = close;
                        continue;
                    }
                }
                if (n == 'z') { sb.Append(@"\z"); i++; continue; }
                sb.Append(c).Append(n);
                i++;
                continue;
            }
            if (inClass)
            {
                if (c == '[' && i + 1 < p.Length && p[i + 1] == ':')
                {
                    int close = p.IndexOf(":]", i + 2, StringComparison.Ordinal);
                    if (close > 0)
                    {
                        string name = p[(i + 2)..close];
                        bool negated = name.StartsWith('^');
                        if (PosixClasses.TryGetValue(negated ? name[1..] : name, out var range) && !negated)
                        {
                            sb.Append(range);
                            i = close + 1;
                            continue;
                        }
                    }
                }
                if (c == ']') inClass = false;
                sb.Append(c);
                continue;
            }
            if (c == '[')
            {
                inClass = true;
                sb.Append(c);
                // A ']' right after '[' or '[^' is a literal in both dialects.
                if (i + 1 < p.Length && p[i + 1] == '^') { sb.Append('^'); i++; }
                if (i + 1 < p.Length && p[i + 1] == ']') { sb.Append(@"\]"); i++; }
                continue;
            }
            if (c == '(' && i + 2 < p.Length && p[i + 1] == '?' && p[i + 2] == 'P' && i + 3 < p.Length && p[i + 3] == '<')
            {
                sb.Append("(?<");
                i += 3;
                continue;
            }
            if (c == '$') { sb.Append(@"\z"); continue; }
            sb.Append(c);
        }
        return sb.ToString();
    }
}
