using System.Globalization;
using CsCheck;
using Vigil.Metrics.GoText;

namespace Vigil.Metrics.Tests.GoText;

public class GoFloatFormatTests
{
    [Theory]
    [InlineData(1000000.0, "1000000")]
    [InlineData(0.005, "0.005")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-5, "0.00001")]
    [InlineData(123.456, "123.456")]
    [InlineData(1e21, "1000000000000000000000")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.0, "0")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    public void FormatF_matches_strconv_f(double value, string expected) => Assert.Equal(expected, GoFloatFormat.FormatF(value));

    [Theory]
    [InlineData(1000000.0, "1e+06")]
    [InlineData(100000.0, "100000")]
    [InlineData(1234567.0, "1.234567e+06")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(12.5, "12.5")]
    [InlineData(1e100, "1e+100")]
    [InlineData(-3e-7, "-3e-07")]
    public void FormatG_matches_strconv_g(double value, string expected) => Assert.Equal(expected, GoFloatFormat.FormatG(value));

    [Fact]
    public void Both_forms_round_trip_every_finite_double()
    {
        Gen.Double.Where(double.IsFinite).Sample(d =>
        {
            double f = double.Parse(GoFloatFormat.FormatF(d), CultureInfo.InvariantCulture);
            double g = double.Parse(GoFloatFormat.FormatG(d), CultureInfo.InvariantCulture);
            return Same(f, d) && Same(g, d);
        }, iter: 20_000);
    }

    private static bool Same(double a, double b) =>
        BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b) || (a == 0 && b == 0);

    [Fact]
    public void Quote_escapes_like_go() => Assert.Equal("\"a\\\"b\\\\c\\nd\\x01\"", GoQuote.Quote("a\"b\\c\nd\u0001"));
}
