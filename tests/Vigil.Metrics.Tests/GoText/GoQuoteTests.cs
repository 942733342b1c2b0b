using Vigil.Metrics.GoText;

namespace Vigil.Metrics.Tests.GoText;

public class GoQuoteTests
{
    [Fact]
    public void Lone_surrogates_quote_as_the_replacement_character() =>
        Assert.Equal("\"a\uFFFDb\"", GoQuote.Quote("a\uD800b"));

    [Fact]
    public void Strings_are_never_truncated_but_long_byte_input_keeps_its_tail()
    {
        string s = new('x', GoQuote.MaxBytes + 10);
        Assert.Equal("\"" + s + "\"", GoQuote.Quote(s));
        byte[] bytes = System.Text.Encoding.ASCII.GetBytes(s[..^1] + "y");
        Assert.Equal("\"..." + new string('x', GoQuote.MaxBytes - 1) + "y\"", GoQuote.Quote(bytes));
    }

    [Theory]
    [InlineData((int)'x', "'x'")]
    [InlineData((int)'\'', "'\\''")]
    [InlineData((int)'"', "'\"'")]
    [InlineData((int)'\n', "'\\n'")]
    [InlineData(0x01, "'\\x01'")]
    [InlineData(0x200b, "'\\u200b'")]
    public void Runes_quote_like_strconv_QuoteRune(int rune, string expected) => Assert.Equal(expected, GoQuote.QuoteRune(rune));

    [Fact]
    public void Runes_format_like_percent_hash_U()
    {
        Assert.Equal("U+0078 'x'", GoQuote.FormatRuneU('x'));
        Assert.Equal("U+000A", GoQuote.FormatRuneU('\n'));
    }
}
