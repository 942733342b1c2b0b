using System.Text;
using System.Text.RegularExpressions;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Scrape.Relabel;

/// <summary>
/// An anchored RE2 regex (relabel.go's <c>^(?s:…)$</c>) with Go's template expansion
/// (<c>regexp.Expand</c>): <c>$1</c>, <c>${1}</c>, <c>$name</c>, <c>${name}</c>, <c>$$</c>. Go numbers
/// groups left to right whether named or not, .NET numbers unnamed groups first, so the Go numbering
/// is recomputed from the pattern and mapped onto .NET's groups. Immutable and thread-safe.
/// </summary>
internal sealed class RelabelRegex
{
    private readonly Regex _regex;
    // Go group number (index) -> .NET group number; index 0 is the whole match.
    private readonly int[] _goToNet;
    private readonly string[] _goNames;

    private RelabelRegex(string pattern, Regex regex, int[] goToNet, string[] goNames)
    {
        Pattern = pattern;
        _regex = regex;
        _goToNet = goToNet;
        _goNames = goNames;
    }

    public string Pattern { get; }

    /// <summary>Compiles; throws <see cref="FormatException"/> with Go's "error parsing regexp: …" text.</summary>
    public static RelabelRegex Compile(string pattern)
    {
        var regex = PrometheusRegex.Compile(pattern, anchored: true);
        var (names, unnamedOrdinal) = ScanGroups(pattern);
        var map = new int[names.Count + 1];
        for (int i = 1; i < map.Length; i++)
            map[i] = names[i - 1] is { } name ? regex.GroupNumberFromName(name) : unnamedOrdinal[i - 1];
        return new RelabelRegex(pattern, regex, map, names.Select(n => n ?? "").ToArray());
    }

    public bool IsMatch(ReadOnlySpan<char> value) => _regex.IsMatch(value);

    public Match Match(string value) => _regex.Match(value);

    /// <summary>Go's <c>Regexp.ExpandString</c> of <paramref name="template"/> against a successful match.</summary>
    public string Expand(string template, Match match)
    {
        int dollar = template.IndexOf('$', StringComparison.Ordinal);
        if (dollar < 0) return template;
        var sb = new StringBuilder(template.Length + 16);
        sb.Append(template, 0, dollar);
        int i = dollar;
        while (i < template.Length)
        {
            char c = template[i];
            if (c != '$')
            {
                sb.Append(c);
                i++;
                continue;
            }
            i++;
            if (i < template.Length && template[i] == '$')
            {
                sb.Append('$');
                i++;
                continue;
            }
            if (!TryExtract(template, i, out string name, out int num, out int next))
            {
                sb.Append('$'); // malformed: the '$' is literal text, as in Go
                continue;
            }
            i = next;
            if (num >= 0)
            {
                if (num < _goToNet.Length) AppendGroup(sb, match, _goToNet[num]);
            }
            else
            {
                for (int g = 1; g <= _goNames.Length; g++)
                {
                    if (_goNames[g - 1] == name)
                    {
                        AppendGroup(sb, match, _goToNet[g]);
                        break;
                    }
                }
            }
        }
        return sb.ToString();
    }

    private static void AppendGroup(StringBuilder sb, Match match, int netGroup)
    {
        var group = match.Groups[netGroup];
        if (group.Success) sb.Append(group.ValueSpan);
    }

    /// <summary>Go's <c>extract</c>: a name of letters, digits and '_', optionally in braces; numeric names are group numbers.</summary>
    private static bool TryExtract(string s, int start, out string name, out int num, out int next)
    {
        name = "";
        num = -1;
        next = start;
        if (start >= s.Length) return false;
        bool brace = s[start] == '{';
        int i = brace ? start + 1 : start;
        int nameStart = i;
        while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '_')) i++;
        if (i == nameStart) return false;
        name = s[nameStart..i];
        if (brace)
        {
            if (i >= s.Length || s[i] != '}') return false;
            i++;
        }
        num = 0;
        foreach (char c in name)
        {
            if (c is < '0' or > '9' || num >= 100_000_000)
            {
                num = -1;
                break;
            }
            num = num * 10 + (c - '0');
        }
        if (name[0] == '0' && name.Length > 1) num = -1; // leading zeros are not a number in Go
        next = i;
        return true;
    }

    /// <summary>
    /// Capturing groups of an RE2 pattern in Go's order: each entry is the group's name or null, with the
    /// ordinal of unnamed groups among themselves (which is their .NET number).
    /// </summary>
    private static (List<string?> Names, List<int> UnnamedOrdinal) ScanGroups(string p)
    {
        var names = new List<string?>();
        var ordinals = new List<int>();
        int unnamed = 0;
        bool inClass = false;
        for (int i = 0; i < p.Length; i++)
        {
            char c = p[i];
            if (c == '\\')
            {
                if (i + 1 < p.Length && p[i + 1] == 'Q')
                {
                    int end = p.IndexOf(@"\E", i + 2, StringComparison.Ordinal);
                    i = end < 0 ? p.Length : end + 1;
                    continue;
                }
                i++;
                continue;
            }
            if (inClass)
            {
                if (c == '[' && i + 1 < p.Length && p[i + 1] == ':')
                {
                    int close = p.IndexOf(":]", i + 2, StringComparison.Ordinal);
                    if (close > 0) { i = close + 1; continue; }
                }
                if (c == ']') inClass = false;
                continue;
            }
            if (c == '[')
            {
                inClass = true;
                if (i + 1 < p.Length && p[i + 1] == '^') i++;
                if (i + 1 < p.Length && p[i + 1] == ']') i++; // a leading ']' is literal
                continue;
            }
            if (c != '(') continue;
            if (i + 1 < p.Length && p[i + 1] == '?')
            {
                int nameStart = -1;
                if (i + 3 < p.Length && p[i + 2] == 'P' && p[i + 3] == '<') nameStart = i + 4;
                else if (i + 2 < p.Length && p[i + 2] == '<') nameStart = i + 3;
                if (nameStart < 0) continue; // (?:…), (?i), (?i:…): not capturing
                int close = p.IndexOf('>', nameStart);
                if (close < 0) continue;
                names.Add(p[nameStart..close]);
                ordinals.Add(0);
                continue;
            }
            names.Add(null);
            ordinals.Add(++unnamed);
        }
        return (names, ordinals);
    }
}
