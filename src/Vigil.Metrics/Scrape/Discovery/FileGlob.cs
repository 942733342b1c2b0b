using System.Text.RegularExpressions;

namespace Vigil.Metrics.Scrape.Discovery;

/// <summary>
/// Go <c>filepath.Glob</c> for the patterns Prometheus allows (a <c>*</c> only in the last path element):
/// matching files, sorted. file_sd names must end in .json, .yml or .yaml (discovery/file <c>patFileSDName</c>).
/// </summary>
internal static partial class FileGlob
{
    [GeneratedRegex(@"^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$")]
    private static partial Regex SdPattern();

    public static bool IsValidSdPattern(string pattern) => SdPattern().IsMatch(pattern);

    public static IReadOnlyList<string> Expand(string pattern)
    {
        string dir = Path.GetDirectoryName(pattern) is { Length: > 0 } d ? d : ".";
        string name = Path.GetFileName(pattern);
        if (name.IndexOfAny(['*', '?', '[']) < 0) return File.Exists(pattern) ? [pattern] : [];
        if (!Directory.Exists(dir)) return [];
        try
        {
            var files = Directory.EnumerateFiles(dir, name.Contains('[', StringComparison.Ordinal) ? "*" : name)
                .Where(f => Match(name, Path.GetFileName(f)))
                .ToList();
            files.Sort(StringComparer.Ordinal);
            return files;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Go <c>filepath.Match</c> on one path element: <c>*</c>, <c>?</c>, <c>[...]</c> classes (with <c>^</c>), <c>\</c> escapes.</summary>
    public static bool Match(string pattern, string name) => Match(pattern, 0, name, 0);

    private static bool Match(string p, int pi, string s, int si)
    {
        while (pi < p.Length)
        {
            char c = p[pi];
            if (c == '*')
            {
                for (int k = s.Length; k >= si; k--)
                    if (Match(p, pi + 1, s, k)) return true;
                return false;
            }
            if (si >= s.Length) return false;
            if (c == '?') { pi++; si++; continue; }
            if (c == '[')
            {
                int end = p.IndexOf(']', pi + 2);
                if (end < 0) return false;
                bool negate = p[pi + 1] == '^';
                bool found = false;
                for (int k = negate ? pi + 2 : pi + 1; k < end; k++)
                {
                    if (k + 2 < end && p[k + 1] == '-') { found |= s[si] >= p[k] && s[si] <= p[k + 2]; k += 2; }
                    else found |= s[si] == p[k];
                }
                if (found == negate) return false;
                pi = end + 1;
                si++;
                continue;
            }
            if (c == '\\' && pi + 1 < p.Length) c = p[++pi];
            if (s[si] != c) return false;
            pi++;
            si++;
        }
        return si == s.Length;
    }
}
