using CsCheck;
using Vigil.Metrics.Api;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Tests.Api;

public class SeriesSelectorParserTests
{
    [Theory]
    [InlineData("up", "__name__=\"up\"")]
    [InlineData("http_requests_total{job=\"api\", code=~\"5..\"}", "__name__=\"http_requests_total\" job=\"api\" code=~\"5..\"")]
    [InlineData("{job!=\"a\",x!~'b',}", "job!=\"a\" x!~\"b\"")]
    [InlineData("{\"my.metric\", \"a.b\"=\"c\"}", "__name__=\"my.metric\" a.b=\"c\"")]
    [InlineData("m{a=`raw\\n`}", "__name__=\"m\" a=\"raw\\\\n\"")]
    [InlineData("m{a=\"\\u00e9\\n\"}", "__name__=\"m\" a=\"é\\n\"")]
    public void Parses_vector_selectors(string text, string expected) =>
        Assert.Equal(expected, string.Join(' ', SeriesSelectorParser.Parse(text)));

    [Theory]
    [InlineData("", "1:1: parse error: unexpected end of input")]
    [InlineData("{}", "1:3: parse error: vector selector must contain at least one non-empty matcher")]
    [InlineData("up{job=\"a\"", "1:11: parse error: unexpected end of input inside braces")]
    [InlineData("up{job~\"a\"}", "1:7: parse error: unexpected character after label: '~', expected label matching operator")]
    [InlineData("up{job=\"a}", "1:8: parse error: unterminated quoted string")]
    [InlineData("up{job=~\"(\"}", "1:12: parse error: error parsing regexp")]
    [InlineData("up extra", "1:4: parse error: unexpected character: 'e'")]
    public void Rejects_bad_selectors_with_a_position(string text, string expectedStart)
    {
        var e = Assert.Throws<FormatException>(() => SeriesSelectorParser.Parse(text));
        Assert.StartsWith(expectedStart, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Never_throws_anything_but_a_format_error()
    {
        Gen.String[Gen.Char["{}=!~\"'`,\\a_: .("], 0, 30].Sample(text =>
        {
            try { SeriesSelectorParser.Parse(text); }
            catch (FormatException) { }
        }, iter: 3000);
    }

    [Fact]
    public void Matchers_keep_prometheus_semantics()
    {
        var m = SeriesSelectorParser.Parse("{code=~\"5..\"}").Single();
        Assert.Equal(MatcherType.Regex, m.Type);
        Assert.True(m.Matches("503"));
        Assert.False(m.Matches("5030"));
    }
}
