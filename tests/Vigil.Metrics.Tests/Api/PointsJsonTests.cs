using System.Text;
using System.Text.Json;
using Vigil.Metrics.Api;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.Tests.Api;

/// <summary>A series' points written straight to UTF-8, as Prometheus's API writes them.</summary>
public class PointsJsonTests
{
    [Fact]
    public void A_series_renders_as_an_array_of_timestamp_and_quoted_value_pairs()
    {
        var points = new[] { new FPoint(1435781451781, 1), new FPoint(1435781466000, 1.5e-7), new FPoint(-500, double.NaN), new FPoint(0, 1e20) };
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, ApiResponses.WriterOptions))
        {
            json.WriteStartObject();
            json.WritePropertyName("values");
            PointsJson.WriteFloatPoints(json, points);
            json.WritePropertyName("empty");
            PointsJson.WriteFloatPoints(json, []);
            json.WriteEndObject();
        }
        Assert.Equal("{\"values\":[[1435781451.781,\"1\"],[1435781466,\"1.5e-07\"],[-0.500,\"NaN\"],[0,\"100000000000000000000\"]],\"empty\":[]}",
            Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Long_series_of_the_longest_values_grow_the_buffer()
    {
        // 5e-324 in 'e' form is short, but 1e-5 .. in 'f' form the smallest plain values are long; mix both.
        var points = Enumerable.Range(0, 5_000).Select(i => new FPoint(i * 15_000L, i % 2 == 0 ? 1.0000000000000002e-6 : -1.7976931348623157e308)).ToArray();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, ApiResponses.WriterOptions)) PointsJson.WriteFloatPoints(json, points);
        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        Assert.Equal(points.Length, doc.RootElement.GetArrayLength());
        Assert.Equal("0.0000010000000000000002", doc.RootElement[0][1].GetString());
        Assert.Equal("-1.7976931348623157e+308", doc.RootElement[1][1].GetString());
        Assert.Equal(74985, doc.RootElement[4999][0].GetDouble());
    }
}
