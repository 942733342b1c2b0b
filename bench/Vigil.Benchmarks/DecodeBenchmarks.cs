using BenchmarkDotNet.Attributes;
using Vigil.Otlp.Json;
using Vigil.Otlp.Model;
using Vigil.Otlp.Protobuf;
using Vigil.Otlp.Reference.Logs;
using Vigil.Otlp.Reference.Metrics;
using Vigil.Otlp.Reference.Trace;

namespace Vigil.Benchmarks;

// Decoding one realistic OTLP export request (Payloads) three ways: Vigil's hand-written protobuf decoder,
// Google.Protobuf's generated parser over the same bytes (baseline), and Vigil's JSON decoder over the
// same data encoded with OtlpJsonEncoder. Custom columns (DecodeColumns) add items/s, MB/s and B/item.
// Vigil's string caches are process-wide and stay warm across iterations, as they do in a running server
// that keeps receiving the same attribute keys and common values.

[MemoryDiagnoser]
[Config(typeof(DecodeConfig))]
public class TraceDecodeBenchmarks
{
    private byte[] _protobuf = [];
    private byte[] _json = [];

    [GlobalSetup]
    public void Setup()
    {
        _protobuf = Payloads.Traces.Protobuf;
        _json = Payloads.Traces.Json;
    }

    [Benchmark(Baseline = true, Description = "Google.Protobuf")]
    [Payload(PayloadKind.Traces, json: false)]
    public ExportTraceServiceRequest GoogleProtobuf() => ExportTraceServiceRequest.Parser.ParseFrom(_protobuf);

    [Benchmark(Description = "Vigil protobuf")]
    [Payload(PayloadKind.Traces, json: false)]
    public TracesData VigilProtobuf() => OtlpProtobufDecoder.DecodeTraces(_protobuf);

    [Benchmark(Description = "Vigil JSON")]
    [Payload(PayloadKind.Traces, json: true)]
    public TracesData VigilJson() => OtlpJsonDecoder.DecodeTraces(_json);
}

[MemoryDiagnoser]
[Config(typeof(DecodeConfig))]
public class LogDecodeBenchmarks
{
    private byte[] _protobuf = [];
    private byte[] _json = [];

    [GlobalSetup]
    public void Setup()
    {
        _protobuf = Payloads.Logs.Protobuf;
        _json = Payloads.Logs.Json;
    }

    [Benchmark(Baseline = true, Description = "Google.Protobuf")]
    [Payload(PayloadKind.Logs, json: false)]
    public ExportLogsServiceRequest GoogleProtobuf() => ExportLogsServiceRequest.Parser.ParseFrom(_protobuf);

    [Benchmark(Description = "Vigil protobuf")]
    [Payload(PayloadKind.Logs, json: false)]
    public LogsData VigilProtobuf() => OtlpProtobufDecoder.DecodeLogs(_protobuf);

    [Benchmark(Description = "Vigil JSON")]
    [Payload(PayloadKind.Logs, json: true)]
    public LogsData VigilJson() => OtlpJsonDecoder.DecodeLogs(_json);
}

[MemoryDiagnoser]
[Config(typeof(DecodeConfig))]
public class MetricDecodeBenchmarks
{
    private byte[] _protobuf = [];
    private byte[] _json = [];

    [GlobalSetup]
    public void Setup()
    {
        _protobuf = Payloads.Metrics.Protobuf;
        _json = Payloads.Metrics.Json;
    }

    [Benchmark(Baseline = true, Description = "Google.Protobuf")]
    [Payload(PayloadKind.Metrics, json: false)]
    public ExportMetricsServiceRequest GoogleProtobuf() => ExportMetricsServiceRequest.Parser.ParseFrom(_protobuf);

    [Benchmark(Description = "Vigil protobuf")]
    [Payload(PayloadKind.Metrics, json: false)]
    public MetricsData VigilProtobuf() => OtlpProtobufDecoder.DecodeMetrics(_protobuf);

    [Benchmark(Description = "Vigil JSON")]
    [Payload(PayloadKind.Metrics, json: true)]
    public MetricsData VigilJson() => OtlpJsonDecoder.DecodeMetrics(_json);
}
