using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Tests.Tsdb.Querying;

public class MatcherTests
{
    [Theory]
    [InlineData("foo", "foo", true)]
    [InlineData("foo", "foobar", false)] // anchored at the end
    [InlineData("foo", "xfoo", false)] // anchored at the start
    [InlineData("foo|bar", "bar", true)]
    [InlineData("fo+", "fooo", true)]
    [InlineData(".*", "", true)]
    [InlineData(".+", "", false)]
    [InlineData("a.b", "a\nb", true)] // Prometheus 3.x: . matches a newline
    [InlineData("foo$", "foo\n", false)] // Go's $ is end of text
    [InlineData("[[:digit:]]+", "123", true)]
    [InlineData("[[:digit:]]+", "12a", false)]
    [InlineData("(?P<x>a)b", "ab", true)]
    [InlineData(@"\Qa.b\E", "a.b", true)]
    [InlineData(@"\Qa.b\E", "axb", false)]
    [InlineData(@"\x{41}", "A", true)]
    [InlineData("(?i)FOO", "foo", true)]
    [InlineData("", "", true)]
    [InlineData("", "x", false)]
    public void Regex_semantics_follow_prometheus(string pattern, string value, bool expected)
    {
        Assert.Equal(expected, Matcher.Create(MatcherType.Regex, "l", pattern).Matches(value));
        Assert.Equal(!expected, Matcher.Create(MatcherType.NotRegex, "l", pattern).Matches(value));
    }

    [Fact]
    public void Invalid_regex_is_a_format_error_in_go_wording()
    {
        var e = Assert.Throws<FormatException>(() => Matcher.Create(MatcherType.Regex, "l", "a("));
        Assert.StartsWith("error parsing regexp: ", e.Message);
    }

    [Fact]
    public void Literal_alternations_expose_their_set()
    {
        var m = Matcher.Create(MatcherType.Regex, "job", "a|b|c");
        Assert.Equal(["a", "b", "c"], m.SetMatches!.OrderBy(x => x));
        Assert.Null(Matcher.Create(MatcherType.Regex, "job", "a.*").SetMatches);
    }

    [Fact]
    public void Missing_label_matches_as_empty()
    {
        Assert.True(Matcher.Create(MatcherType.NotEqual, "x", "y").MatchesEmpty);
        Assert.False(Matcher.Equal("x", "y").MatchesEmpty);
        Assert.True(Matcher.Create(MatcherType.Regex, "x", "y|").MatchesEmpty);
    }

    [Fact]
    public void Hostile_regex_runs_in_linear_time()
    {
        // Catastrophic for a backtracking engine; the non-backtracking engine answers at once.
        var m = Matcher.Create(MatcherType.Regex, "l", "(a+)+b");
        Assert.False(m.Matches(new string('a', 50_000)));
    }
}
