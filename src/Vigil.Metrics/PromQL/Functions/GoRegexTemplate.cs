using System.Text;
using System.Text.RegularExpressions;

namespace Vigil.Metrics.PromQL.Functions;

/// <summary>
/// Go's <c>Regexp.Expand</c> for a .NET match of a translated RE2 pattern: <c>$1</c>, <c>${1}</c>, <c>$name</c>,
/// <c>${name}</c>, <c>$$</c>; the longest name wins (<c>$1x</c> is group "1x", empty); unknown or unmatched groups
/// expand to nothing; a malformed reference keeps its <c>$</c>. Group numbers follow Go (every capture, named or
/// not, numbered left to right), which differs from .NET's numbering when named groups are present.
/// </summary>
internal sealed class GoRegexTemplate
{
    // Go group index (from 1) -> .NET group: a name, or an unnamed group's .NET number.
    private readonly List<(string? Name, int Number)> _groups = [];

    public GoRegexTemplate(string pattern)
    {
        int unnamed = 0;
        bool inClass = false;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\') { i++; continue; }
            if (inClass)
            {
                if (c == ']') inClass = false;
                continue;
            }
            if (c == '[')
            {
                inClass = true;
                // A ']' first in a class is literal.
                if (i + 1 < pattern.Length && pattern[i + 1] == '^') i++;
                if (i + 1 < pattern.Length && pattern[i + 1] == ']') i++;
                continue;
            }
            if (c != '(') continue;
            if (i + 1 < pattern.Length && pattern[i + 1] == '?')
            {
                int nameStart = pattern.AsSpan(i).StartsWith("(?P<") ? i + 4 : pattern.AsSpan(i).StartsWith("(?<") ? i + 3 : -1;
                if (nameStart < 0) continue;
                int close = pattern.IndexOf('>', nameStart);
                if (close < 0) continue;
                _groups.Add((pattern[nameStart..close], 0));
                continue;
            }
            _groups.Add((null, ++unnamed));
        }
    }

    public string Expand(string template, Match match)
    {
        if (template.IndexOf('$') < 0) return template;
        var sb = new StringBuilder(template.Length + 16);
        int i = 0;
        while (i < template.Length)
        {
            int dollar = template.IndexOf('$', i);
            if (dollar < 0) break;
            sb.Append(template, i, dollar - i);
            i = dollar + 1;
            if (i < template.Length && template[i] == '$')
            {
                sb.Append('$');
                i++;
                continue;
            }
            if (!TryExtract(template, ref i, out string name, out int num))
            {
                sb.Append('$');
                continue;
            }
            Group? group = num >= 0 ? GroupByNumber(match, num) : GroupByName(match, name);
            if (group is { Success: true }) sb.Append(group.Value);
        }
        sb.Append(template, i, template.Length - i);
        return sb.ToString();
    }

    private Group? GroupByNumber(Match match, int num)
    {
        if (num == 0) return match.Groups[0];
        if (num > _groups.Count) return null;
        var (name, number) = _groups[num - 1];
        return name is null ? match.Groups[number] : match.Groups[name];
    }

    private Group? GroupByName(Match match, string name)
    {
        foreach (var (groupName, _) in _groups)
            if (groupName == name) return match.Groups[name];
        return null;
    }

    /// <summary>Go's <c>extract</c>: a name of letters, digits and '_' (optionally in braces); numeric without leading zeros is a number.</summary>
    private static bool TryExtract(string s, ref int i, out string name, out int num)
    {
        name = "";
        num = -1;
        int pos = i;
        if (pos >= s.Length) return false;
        bool brace = s[pos] == '{';
        if (brace) pos++;
        int start = pos;
        while (pos < s.Length && (char.IsLetterOrDigit(s[pos]) || s[pos] == '_')) pos++;
        if (pos == start) return false;
        name = s[start..pos];
        if (brace)
        {
            if (pos >= s.Length || s[pos] != '}') return false;
            pos++;
        }
        num = 0;
        foreach (char c in name)
        {
            if (c < '0' || c > '9' || num >= 100_000_000) { num = -1; break; }
            num = num * 10 + (c - '0');
        }
        if (name[0] == '0' && name.Length > 1) num = -1;
        i = pos;
        return true;
    }
}
