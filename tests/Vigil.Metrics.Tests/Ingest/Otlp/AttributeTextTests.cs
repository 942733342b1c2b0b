using Vigil.Metrics.Ingest.Otlp;
using Vigil.Otlp.Model;

namespace Vigil.Metrics.Tests.Ingest.Otlp;

/// <summary>Expected strings are what pdata's Value.AsString returns (value.go).</summary>
public class AttributeTextTests
{
    [Fact]
    public void Scalars()
    {
        Assert.Equal("x", AttributeText.AsString(AnyValue.String("x")));
        Assert.Equal("true", AttributeText.AsString(AnyValue.Bool(true)));
        Assert.Equal("false", AttributeText.AsString(AnyValue.Bool(false)));
        Assert.Equal("-42", AttributeText.AsString(AnyValue.Int(-42)));
        Assert.Equal("", AttributeText.AsString(AnyValue.Empty));
        Assert.Equal("AQID", AttributeText.AsString(AnyValue.Bytes([1, 2, 3])));
    }

    [Theory]
    [InlineData(1.5, "1.5")]
    [InlineData(100.0, "100")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e-6, "0.000001")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(1.25e-10, "1.25e-10")]
    [InlineData(-0.1, "-0.1")]
    [InlineData(0.0, "0")]
    [InlineData(double.NaN, "json: unsupported value: NaN")]
    [InlineData(double.PositiveInfinity, "json: unsupported value: +Inf")]
    public void Doubles_print_like_es6(double value, string expected) =>
        Assert.Equal(expected, AttributeText.AsString(AnyValue.Double(value)));

    [Fact]
    public void Arrays_and_maps_are_json_with_sorted_keys_and_html_escapes()
    {
        var array = AnyValue.Array([AnyValue.String("a<b"), AnyValue.Int(1), AnyValue.Double(2.5), AnyValue.Bool(true), AnyValue.Empty]);
        Assert.Equal("[\"a\\u003cb\",1,2.5,true,null]", AttributeText.AsString(array));

        var map = AnyValue.KeyValueList([
            new KeyValue("z", AnyValue.String("line\nbreak")),
            new KeyValue("a", AnyValue.Array([AnyValue.Bytes([255])])),
            new KeyValue("a", AnyValue.Int(7)),
        ]);
        Assert.Equal("{\"a\":7,\"z\":\"line\\nbreak\"}", AttributeText.AsString(map));
    }

    [Fact]
    public void A_value_json_cannot_hold_makes_the_whole_string_empty() =>
        Assert.Equal("", AttributeText.AsString(AnyValue.Array([AnyValue.Double(double.NaN)])));

    [Fact]
    public void Control_characters_use_go_escapes() =>
        Assert.Equal("[\"\\u0001\\b\\f\\t\\u0026\"]", AttributeText.AsString(AnyValue.Array([AnyValue.String("\u0001\b\f\t&")])));
}
