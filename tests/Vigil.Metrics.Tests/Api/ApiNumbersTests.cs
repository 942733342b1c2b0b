using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using Vigil.Metrics.Api;
using Vigil.Metrics.GoText;

namespace Vigil.Metrics.Tests.Api;

/// <summary>Number, time and string rendering against api-compat 3.4's table (what Prometheus 3 writes, byte for byte).</summary>
public class ApiNumbersTests
{
    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(1e-7, "1e-07")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(1e-6, "0.000001")]
    [InlineData(123.456, "123.456")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(1e100, "1e+100")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Sample_values_render_as_jsonutil_MarshalFloat(double value, string expected)
    {
        Span<char> buf = stackalloc char[ApiNumbers.MaxChars];
        int n = ApiNumbers.FormatSampleValue(value, buf);
        Assert.Equal(expected, new string(buf[..n]));
        Span<byte> utf8 = stackalloc byte[ApiNumbers.MaxChars];
        n = ApiNumbers.FormatSampleValue(value, utf8);
        Assert.Equal(expected, Encoding.ASCII.GetString(utf8[..n]));
    }

    [Theory]
    [InlineData(1e-7, "0.0000001")]
    [InlineData(1e21, "1000000000000000000000")]
    [InlineData(42.0, "42")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Scalar_values_are_always_plain(double value, string expected) => Assert.Equal(expected, GoFloatFormat.FormatF(value));

    [Theory]
    [InlineData(1435781451781L, "1435781451.781")]
    [InlineData(1795579430850L, "1795579430.850")]
    [InlineData(1435781451000L, "1435781451")]
    [InlineData(1050L, "1.050")]
    [InlineData(5L, "0.005")]
    [InlineData(-500L, "-0.500")]
    [InlineData(-1500L, "-1.500")]
    [InlineData(0L, "0")]
    public void Point_timestamps_render_as_MarshalTimestamp(long ms, string expected)
    {
        Span<byte> buf = stackalloc byte[40];
        int n = PointsJson.FormatTimestamp(ms, buf);
        Assert.Equal(expected, Encoding.ASCII.GetString(buf[..n]));
    }

    [Theory]
    [InlineData(1795579423.84, "1795579423.84")]
    [InlineData(1717000000.5, "1717000000.5")]
    [InlineData(4.0, "4")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(1e21, "1e+21")]
    [InlineData(0.000123, "0.000123")]
    public void Scalar_timestamps_and_timings_render_as_encoding_json(double value, string expected) =>
        Assert.Equal(expected, ApiNumbers.FormatJsonFloat(value));

    [Theory]
    [InlineData(1.0, "1e+00")]
    [InlineData(42.0, "4.2e+01")]
    [InlineData(0.001, "1e-03")]
    public void Alert_values_render_in_e_notation(double value, string expected) => Assert.Equal(expected, GoFloatFormat.FormatE(value));

    [Fact]
    public void Sample_values_round_trip_and_never_use_dotnet_spellings()
    {
        Gen.Double.Sample(value =>
        {
            Span<char> buf = stackalloc char[ApiNumbers.MaxChars];
            string text = new(buf[..ApiNumbers.FormatSampleValue(value, buf)]);
            Assert.DoesNotContain("E", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Infinity", text, StringComparison.Ordinal);
            if (double.IsFinite(value))
                Assert.Equal(value, double.Parse(text, CultureInfo.InvariantCulture));
        }, iter: 20_000);
    }

    [Fact]
    public void Strings_are_escaped_as_go_encoding_json_does()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, ApiResponses.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("k<\"", "a\"b\\c<d>&e\n\r\t\u0001\u007fé€😀\u2028");
            json.WriteEndObject();
        }
        Assert.Equal("{\"k\\u003c\\\"\":\"a\\\"b\\\\c\\u003cd\\u003e\\u0026e\\n\\r\\t\\u0001\u007fé€😀\\u2028\"}", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
