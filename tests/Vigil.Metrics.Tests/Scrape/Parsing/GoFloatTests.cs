using System.Globalization;
using System.Text;
using CsCheck;
using Vigil.Metrics.GoText;
using Vigil.Metrics.Scrape.Parsing;

namespace Vigil.Metrics.Tests.Scrape.Parsing;

/// <summary>Go's ParseFloat syntax and FormatFloat('g', -1) layout, which the parsers and le/quantile rely on.</summary>
public class GoFloatTests
{
    [Theory]
    [InlineData("1", 1.0)]
    [InlineData("-1.5", -1.5)]
    [InlineData("+1.5", 1.5)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("1e3", 1000.0)]
    [InlineData("1E-3", 0.001)]
    [InlineData("1e+3", 1000.0)]
    [InlineData("0001.2500", 1.25)]
    [InlineData("Inf", double.PositiveInfinity)]
    [InlineData("+inf", double.PositiveInfinity)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    [InlineData("INFINITY", double.PositiveInfinity)]
    [InlineData("1e-400", 0.0)]
    [InlineData("4.9e-324", 4.9e-324)]
    [InlineData("1.7976931348623157e308", double.MaxValue)]
    public void Parses_go_syntax(string text, double expected)
    {
        Assert.Equal(ParseStatus.Ok, GoFloat.TryParse(Encoding.ASCII.GetBytes(text), out double v));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(v));
    }

    [Theory]
    [InlineData("nan")]
    [InlineData("NaN")]
    [InlineData("nAn")]
    public void NaN_is_go_and_prometheus_normal_nan(string text)
    {
        Assert.Equal(ParseStatus.Ok, GoFloat.TryParse(Encoding.ASCII.GetBytes(text), out double v));
        Assert.Equal(0x7ff8000000000001UL, BitConverter.DoubleToUInt64Bits(v));
    }

    [Theory]
    [InlineData("", "syntax")]
    [InlineData("+", "syntax")]
    [InlineData(".", "syntax")]
    [InlineData("e5", "syntax")]
    [InlineData("1e", "syntax")]
    [InlineData("1e+", "syntax")]
    [InlineData("1.2.3", "syntax")]
    [InlineData(" 1", "syntax")]
    [InlineData("1 ", "syntax")]
    [InlineData("+NaN", "syntax")]
    [InlineData("-nan", "syntax")]
    [InlineData("infin", "syntax")]
    [InlineData("0x10", "syntax")]
    [InlineData("1,5", "syntax")]
    [InlineData("١", "syntax")]
    [InlineData("1e400", "range")]
    [InlineData("-1e400", "range")]
    public void Refuses_what_go_refuses(string text, string expected) =>
        Assert.Equal(expected == "range" ? ParseStatus.Range : ParseStatus.Syntax, GoFloat.TryParse(Encoding.UTF8.GetBytes(text), out _));

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(-1.0, "-1.0")]
    [InlineData(0.5, "0.5")]
    [InlineData(10.0, "10.0")]
    [InlineData(999999.0, "999999.0")]
    [InlineData(1e6, "1e+06")]
    [InlineData(1.5e6, "1.5e+06")]
    [InlineData(123456789.0, "1.23456789e+08")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(2.5e-5, "2.5e-05")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e100, "1e+100")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(double.MaxValue, "1.7976931348623157e+308")]
    [InlineData(0.1, "0.1")]
    [InlineData(1.0 / 3, "0.3333333333333333")]
    [InlineData(123.456, "123.456")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Formats_openmetrics_floats_as_prometheus(double value, string expected) =>
        Assert.Equal(expected, GoFloat.FormatOpenMetrics(value));

    [Fact]
    public void Negative_zero_formats_as_zero() => Assert.Equal("0.0", GoFloat.FormatOpenMetrics(-0.0));

    [Fact]
    public void Openmetrics_format_round_trips_and_always_marks_a_float() =>
        Gen.Double.Where(d => double.IsFinite(d)).Sample(d =>
        {
            string s = GoFloat.FormatOpenMetrics(d);
            Assert.True(s.Contains('.', StringComparison.Ordinal) || s.Contains('e', StringComparison.Ordinal), s);
            Assert.DoesNotContain("E", s, StringComparison.Ordinal);
            Assert.Equal(ParseStatus.Ok, GoFloat.TryParse(Encoding.ASCII.GetBytes(s), out double back));
            Assert.Equal(d == 0 ? 0.0 : d, back);
        }, iter: 2000);

    [Fact]
    public void Timestamps_parse_as_int64()
    {
        Assert.Null(GoFloat.TryParseTimestamp("-9223372036854775808"u8, out long min));
        Assert.Equal(long.MinValue, min);
        Assert.Equal("strconv.ParseInt: parsing \"9223372036854775808\": value out of range",
            GoFloat.TryParseTimestamp("9223372036854775808"u8, out _));
    }

    [Theory]
    [InlineData(1.5, 1500L)]
    [InlineData(-1.5, -1500L)]
    [InlineData(0.0009, 0L)]
    [InlineData(-0.0009, 0L)]
    [InlineData(1e300, long.MinValue)]
    [InlineData(-1e300, long.MinValue)]
    public void Seconds_convert_to_milliseconds_as_go_does(double seconds, long ms) =>
        Assert.Equal(ms, OpenMetricsParser.SecondsToMilliseconds(seconds));

    [Theory]
    [InlineData("a\"b\\c\n\t\r\u0007\u007f", "\"a\\\"b\\\\c\\n\\t\\r\\a\\x7f\"")]
    [InlineData("héllo €", "\"héllo €\"")]
    [InlineData("\u00a0\u200b", "\"\\u00a0\\u200b\"")]
    public void Quotes_like_go(string input, string expected) => Assert.Equal(expected, GoQuote.Quote(input));

    [Fact]
    public void Quotes_invalid_utf8_bytewise() =>
        Assert.Equal("\"a\\xff\\xc3b\"", GoQuote.Quote(new byte[] { (byte)'a', 0xFF, 0xC3, (byte)'b' }));

    [Fact]
    public void Shortest_g_matches_dotnet_value_for_random_doubles() =>
        Gen.Double.Where(d => double.IsFinite(d) && d != 0).Sample(d =>
        {
            string g = GoFloatFormat.FormatG(d);
            Assert.Equal(d, double.Parse(g, CultureInfo.InvariantCulture));
        }, iter: 2000);
}
