using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Vigil.Metrics.Api;
using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Engine;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Benchmarks;

// Rendering a range query's matrix as the API writes it (QueryResultJson, Go number formatting, Go JSON escaping):
// 100 series x 241 points of rate-like values, as the side-by-side rate query returns. Time is per point.
// Run: dotnet run -c Release --project bench/Vigil.Benchmarks -- --filter '*QueryJson*' --job short

[MemoryDiagnoser]
public class QueryJsonBenchmarks
{
    private const int Series = 100;
    private const int Points = 241;
    private QueryResult _result = null!;
    private readonly MemoryStream _sink = new(1 << 20);

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(5);
        var matrix = new Matrix(Series);
        for (int s = 0; s < Series; s++)
        {
            var series = new RangeSeries(Labels.Of("env", "prod", "instance", $"host-{s:D3}.prod.example.net:9100", "job", "node", "device", "eth0"));
            for (int i = 0; i < Points; i++) series.Floats.Add(new FPoint(1_796_040_000_000 + (i * 15_000L), rng.NextDouble() * 1000 / 3));
            matrix.Add(series);
        }
        _result = new QueryResult { Type = ExprType.Matrix, Matrix = matrix };
    }

    /// <summary>
    /// How points were written before PointsJson: one Utf8JsonWriter array per point, the value formatted by .NET's
    /// "R" into chars and written as an escaped string. Kept as the baseline of the same run.
    /// </summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Series * Points)]
    public long PerPointWriterBaseline()
    {
        _sink.Position = 0;
        using var json = new Utf8JsonWriter(_sink, ApiResponses.WriterOptions);
        Span<char> buf = stackalloc char[64];
        json.WriteStartArray();
        foreach (var series in _result.Matrix!)
        {
            json.WriteStartArray();
            foreach (var p in series.Floats)
            {
                json.WriteStartArray();
                json.WriteNumberValue(p.T / 1000);
                p.F.TryFormat(buf, out int n, "R", System.Globalization.CultureInfo.InvariantCulture);
                json.WriteStringValue(buf[..n]);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            if (json.BytesPending >= 256 * 1024) json.Flush();
        }
        json.WriteEndArray();
        json.Flush();
        return _sink.Position;
    }

    [Benchmark(OperationsPerInvoke = Series * Points)]
    public long RenderMatrix()
    {
        _sink.Position = 0;
        using var json = new Utf8JsonWriter(_sink, ApiResponses.WriterOptions);
        // As the API does: hand what is rendered to the output every 256 KiB instead of growing one buffer.
        ValueTask FlushIfLarge()
        {
            if (json.BytesPending >= 256 * 1024) json.Flush();
            return ValueTask.CompletedTask;
        }
        QueryResultJson.WriteAsync(json, _result, stats: false, FlushIfLarge).AsTask().GetAwaiter().GetResult();
        json.Flush();
        return _sink.Position;
    }
}
