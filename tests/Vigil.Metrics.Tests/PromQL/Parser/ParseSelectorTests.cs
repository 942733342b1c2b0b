using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Parser;
using Vigil.Metrics.Tsdb.Querying;
using Xunit;

namespace Vigil.Metrics.Tests.PromQL.Parser;

/// <summary>match[] selectors (upstream ParseMetricSelector): matchers out, no type check, errors with positions.</summary>
public sealed class ParseSelectorTests
{
    [Fact]
    public void NameAndMatchersBecomeMatchersWithTheNameLast()
    {
        var vs = PromQlParser.ParseSelector("up{job=\"x\",instance=~\"a|b\"}");
        Assert.Equal("up", vs.Name);
        Assert.Collection(
            vs.Matchers,
            m => Assert.Equal(("job", MatcherType.Equal, "x"), (m.Name, m.Type, m.Value)),
            m => Assert.Equal(("instance", MatcherType.Regex, "a|b"), (m.Name, m.Type, m.Value)),
            m => Assert.Equal(("__name__", MatcherType.Equal, "up"), (m.Name, m.Type, m.Value)));
    }

    [Fact]
    public void QuotedNamesAndKeywordsAreSelectors()
    {
        var vs = PromQlParser.ParseSelector("{\"my.metric\", \"service.name\"=\"api\"}");
        Assert.Equal(["__name__", "service.name"], vs.Matchers.Select(m => m.Name));
        Assert.Equal("sum", PromQlParser.ParseSelector("sum").Name);
        Assert.Equal("by", PromQlParser.ParseSelector("by{a=\"b\"}").Name);
    }

    [Fact]
    public void EmptySelectorParsesSoTheApiCanRejectItWithItsOwnMessage()
    {
        Assert.Empty(PromQlParser.ParseSelector("{}").Matchers);
        Assert.Single(PromQlParser.ParseSelector("{__name__=~\".*\"}").Matchers);
    }

    [Theory]
    [InlineData("up offset 5m", "1:4: parse error: unexpected <offset>")]
    [InlineData("rate(up[5m])", "1:5: parse error: unexpected \"(\"")]
    [InlineData("up{job=x}", "1:8: parse error: unexpected identifier \"x\" in label matching, expected string")]
    [InlineData("up{", "1:4: parse error: unexpected end of input inside braces")]
    [InlineData("1", "1:1: parse error: unexpected number \"1\"")]
    [InlineData("up + up", "1:4: parse error: unexpected <op:+>")]
    public void NonSelectorsFailWithPositions(string text, string message)
    {
        var ex = Assert.Throws<ParseException>(() => PromQlParser.ParseSelector(text));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void AnInvalidRegexIsReportedAtTheMatcher()
    {
        var ex = Assert.Throws<ParseException>(() => PromQlParser.ParseSelector("up{job=~\"(\"}"));
        Assert.StartsWith("1:4: parse error: error parsing regexp: ", ex.Message, StringComparison.Ordinal);
        Assert.Equal(new PositionRange(3, 11), ex.Position);
    }

    [Fact]
    public void TheSelectorIsAVectorSelectorNode()
    {
        Expr e = PromQlParser.ParseSelector("up");
        Assert.Equal(ExprType.Vector, e.Type);
        Assert.Equal("up", Printer.Print(e));
    }
}
