using Vigil.Metrics.Tsdb.Index;

namespace Vigil.Metrics.Tsdb.Querying;

/// <summary>
/// Turns matchers into postings with Prometheus's rules (<c>tsdb/querier.go PostingsForMatchers</c>):
/// matchers that do not match "" select the series having a matching value and are intersected;
/// matchers that do match "" (<c>l!="x"</c>, <c>l=~"x|"</c>, <c>l=""</c>) subtract the series whose value
/// fails them; with no selecting matcher the start is every series.
/// </summary>
internal static class PostingsForMatchers
{
    public static Postings Select(IIndexReader index, IReadOnlyList<Matcher> matchers)
    {
        var intersect = new List<Postings>();
        var subtract = new List<Postings>();
        foreach (var m in matchers)
        {
            if (m.Type == MatcherType.Regex && m.Value == ".*") continue; // matches everything, label or not
            if (!m.MatchesEmpty)
            {
                intersect.Add(ForMatcher(index, m));
            }
            else if (m.Type is MatcherType.NotEqual or MatcherType.NotRegex && !Inverse(m).MatchesEmpty)
            {
                // l!="x", l!~"x.*": drop series whose value matches the inverse.
                subtract.Add(ForMatcher(index, Inverse(m)));
            }
            else
            {
                // l="", l=~"x|": keep series lacking the label or having a matching value: drop the others.
                subtract.Add(Merge(index.PostingsForValues(m.Name, v => !m.Matches(v))));
            }
        }
        Postings result = intersect.Count switch
        {
            0 => index.AllPostings(),
            1 => intersect[0],
            _ => PostingsOps.Intersect(intersect),
        };
        foreach (var s in subtract) result = PostingsOps.Without(result, s);
        return result;
    }

    private static Postings ForMatcher(IIndexReader index, Matcher m)
    {
        if (m.Type == MatcherType.Equal) return index.Postings(m.Name, m.Value);
        if (m.SetMatches is { } set)
        {
            var lists = new List<Postings>(set.Count);
            foreach (var value in set) lists.Add(index.Postings(m.Name, value));
            return Merge(lists);
        }
        return Merge(index.PostingsForValues(m.Name, m.Matches));
    }

    private static Postings Merge(List<Postings> lists) => lists.Count switch
    {
        0 => Postings.Empty,
        1 => lists[0],
        _ => PostingsOps.Merge(lists),
    };

    private static Matcher Inverse(Matcher m) => Matcher.Create(m.Type switch
    {
        MatcherType.Equal => MatcherType.NotEqual,
        MatcherType.NotEqual => MatcherType.Equal,
        MatcherType.Regex => MatcherType.NotRegex,
        _ => MatcherType.Regex,
    }, m.Name, m.Value);
}
