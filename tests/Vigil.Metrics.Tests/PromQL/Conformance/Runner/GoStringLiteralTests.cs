namespace Vigil.Metrics.Tests.PromQL.Conformance.Runner;

public class GoStringLiteralTests
{
    [Theory]
    [InlineData("\"plain\"", "plain")]
    [InlineData("'single \"quotes\"'", "single \"quotes\"")]
    [InlineData("`raw \\n stays`", "raw \\n stays")]
    [InlineData("\"\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\"", "\a\b\f\n\r\t\v\\\"")]
    [InlineData("\"\\x41\\101\\u00e9\\U0001F600\"", "AAé😀")]
    [InlineData("\"\\xc3\\xa9\"", "é")]
    public void Unescapes(string literal, string expected)
    {
        int pos = 0;
        Assert.True(GoStringLiteral.TryRead(literal + " rest", ref pos, out string value, out string? error), error);
        Assert.Equal(expected, value);
        Assert.Equal(literal.Length, pos);
    }

    [Theory]
    [InlineData("\"open", "unterminated quoted string")]
    [InlineData("\"\\q\"", "unknown escape sequence \\q")]
    [InlineData("'\\\"'", "unknown escape sequence \\\"")]
    [InlineData("\"\\x4\"", "invalid \\x escape")]
    [InlineData("\"\\400\"", "octal escape value > 255")]
    [InlineData("\"\\ud800\"", "invalid \\u escape")]
    [InlineData("\"a\nb\"", "newline in string")]
    [InlineData("plain", "expected a quoted string")]
    public void RejectsBadLiterals(string literal, string message)
    {
        int pos = 0;
        Assert.False(GoStringLiteral.TryRead(literal, ref pos, out _, out string? error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void UnquoteNeedsExactlyOneDoubleQuotedOrRawLiteral()
    {
        Assert.True(GoStringLiteral.TryUnquote("`a`", out string raw));
        Assert.Equal("a", raw);
        Assert.False(GoStringLiteral.TryUnquote("\"a\" x", out _));
        Assert.False(GoStringLiteral.TryUnquote("'a'", out _));
    }
}
