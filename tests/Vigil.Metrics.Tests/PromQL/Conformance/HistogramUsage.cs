using System.Text.RegularExpressions;

namespace Vigil.Metrics.Tests.PromQL.Conformance;

/// <summary>
/// README section 8's heuristic for "this case needs native histograms", applied to the query text before
/// anything runs: the query references a metric name that holds histogram samples since the last clear (by
/// identifier or by a <c>__name__</c> matcher), or has a selector without a name while any histogram is loaded.
/// Slightly generous on purpose: a false positive only skips a case, a false negative makes it fail.
/// </summary>
internal static partial class HistogramUsage
{
    [GeneratedRegex(@"__name__\s*(=~|!~|!=|=)\s*(""(?:[^""\\]|\\.)*""|'(?:[^'\\]|\\.)*'|`[^`]*`)")]
    private static partial Regex NameMatcher();

    public static bool References(string query, IReadOnlyCollection<string> histogramNames)
    {
        if (histogramNames.Count == 0) return false;
        string code = BlankStrings(query);
        // Identifiers outside string literals (function names and keywords included: harmless).
        for (int i = 0; i < code.Length;)
        {
            if (SeriesDescription.IsIdentifierStart(code[i]) && (i == 0 || !SeriesDescription.IsIdentifierPart(code[i - 1])))
            {
                int start = i;
                while (i < code.Length && SeriesDescription.IsIdentifierPart(code[i])) i++;
                if (histogramNames.Contains(code[start..i])) return true;
                continue;
            }
            i++;
        }
        foreach (Match m in NameMatcher().Matches(query))
        {
            int pos = 0;
            if (!GoStringLiteral.TryRead(m.Groups[2].Value, ref pos, out string value, out _)) return true;
            bool matches(string name) => m.Groups[1].Value switch
            {
                "=" => name == value,
                "!=" => name != value,
                "=~" => SafeFullMatch(value, name),
                _ => !SafeFullMatch(value, name),
            };
            if (histogramNames.Any(matches)) return true;
        }
        // A selector without a metric name and without a __name__ matcher may select anything.
        for (int i = 0; i < code.Length; i++)
        {
            if (code[i] != '{') continue;
            int before = i - 1;
            while (before >= 0 && code[before] == ' ') before--;
            if (before >= 0 && (SeriesDescription.IsIdentifierPart(code[before]) || code[before] == '"')) continue;
            int close = code.IndexOf('}', i);
            string inner = close < 0 ? query[i..] : query[i..close];
            if (!inner.Contains("__name__", StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static bool SafeFullMatch(string pattern, string name)
    {
        try
        {
            return Regex.IsMatch(name, "^(?:" + pattern + ")$", RegexOptions.Singleline);
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    /// <summary>The query with string literal contents replaced by spaces, so identifiers inside them are not seen.</summary>
    private static string BlankStrings(string query)
    {
        var chars = query.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            char q = chars[i];
            if (q is not ('"' or '\'' or '`')) continue;
            int j = i + 1;
            while (j < chars.Length && chars[j] != q)
            {
                if (chars[j] == '\\' && q != '`') { chars[j] = ' '; j++; if (j >= chars.Length) break; }
                chars[j] = ' ';
                j++;
            }
            i = j;
        }
        return new string(chars);
    }
}
