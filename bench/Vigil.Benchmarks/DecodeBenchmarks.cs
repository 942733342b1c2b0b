using BenchmarkDotNet.Attributes;
using Vigil.Otlp.Json;
using Vigil.Otlp.Model;
using Vigil.Otlp.Protobuf;
using Vigil.Otlp.Reference.Logs;
using Vigil.Otlp.Reference.Metrics;
using Vigil.Otlp.Reference.Trace;

namespace Vigil.Benchmarks;

internal static class DecodeSettings
{
    /// <summary>A power of two; 256 x 512 unique url.path values outnumber the 32768-slot value cache several times.</summary>
    public const int UnseenVariants = 256;
}

// Decoding one realistic OTLP export request (Payloads) three ways: Vigil's hand-written protobuf decoder,
// Google.Protobuf's generated parser over the same bytes (baseline), and Vigil's JSON decoder over the
// same data encoded with OtlpJsonEncoder. Custom columns (DecodeColumns) add items/s, MB/s and B/item.
// Vigil's string caches are process-wide and stay warm across iterations, as they do in a running server
// that keeps receiving the same attribute keys and common values. Because every iteration decodes the same
// bytes, even unique values (url.path, log bodies) hit that cache from the second iteration on: the
// "unseen values" rows cycle through 256 variants of the payload (other seeds) so such values miss, as
// they would in real traffic. Their allocation is the honest one.

[MemoryDiagnoser]
[Config(typeof(DecodeConfig))]
public class TraceDecodeBenchmarks
{
    private const int UnseenVariants = DecodeSettings.UnseenVariants;
    private byte[] _protobuf = [];
    private byte[] _json = [];
    private byte[][] _variants = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _protobuf = Payloads.Traces.Protobuf;
        _json = Payloads.Traces.Json;
        _variants = Array.ConvertAll(Payloads.Variants(PayloadKind.Traces, UnseenVariants), v => v.Protobuf);
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

    [Benchmark(Description = "Vigil protobuf, unseen values")]
    [Payload(PayloadKind.Traces, json: false, Variants = UnseenVariants)]
    public TracesData VigilProtobufUnseen() => OtlpProtobufDecoder.DecodeTraces(_variants[_next++ & (UnseenVariants - 1)]);
}

[MemoryDiagnoser]
[Config(typeof(DecodeConfig))]
public class LogDecodeBenchmarks
{
    private const int UnseenVariants = DecodeSettings.UnseenVariants;
    private byte[] _protobuf = [];
    private byte[] _json = [];
    private byte[][] _variants = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _protobuf = Payloads.Logs.Protobuf;
        _json = Payloads.Logs.Json;
        _variants = Array.ConvertAll(Payloads.Variants(PayloadKind.Logs, UnseenVariants), v => v.Protobuf);
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

    [Benchmark(Description = "Vigil protobuf, unseen values")]
    [Payload(PayloadKind.Logs, json: false, Variants = UnseenVariants)]
    public LogsData VigilProtobufUnseen() => OtlpProtobufDecoder.DecodeLogs(_variants[_next++ & (UnseenVariants - 1)]);
}

[MemoryDiagnoser]
[Config(typeof(DecodeConfig))]
public class MetricDecodeBenchmarks
{
    private const int UnseenVariants = DecodeSettings.UnseenVariants;
    private byte[] _protobuf = [];
    private byte[] _json = [];
    private byte[][] _variants = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _protobuf = Payloads.Metrics.Protobuf;
        _json = Payloads.Metrics.Json;
        _variants = Array.ConvertAll(Payloads.Variants(PayloadKind.Metrics, UnseenVariants), v => v.Protobuf);
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

    [Benchmark(Description = "Vigil protobuf, unseen values")]
    [Payload(PayloadKind.Metrics, json: false, Variants = UnseenVariants)]
    public MetricsData VigilProtobufUnseen() => OtlpProtobufDecoder.DecodeMetrics(_variants[_next++ & (UnseenVariants - 1)]);
}
