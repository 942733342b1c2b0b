namespace Vigil.Configuration;

/// <summary>
/// The whole of config/vigil.yaml. Keys are the snake_case of the property names; every default lives
/// here and nowhere else. To add a setting: add a property with a default and a [Doc], document it in
/// docs/configuration.md (ConfigDocsTests fails until you do), and read it where it is used.
/// </summary>
internal sealed class VigilConfig
{
    [Doc("Directory for all stored data, one folder per signal; created if missing and locked while Vigil runs.")]
    public string DataDir { get; set; } = "./data";

    [Doc("Roles to run: all, collector, metrics, logs, traces, ui, rules (several allowed).")]
    public List<string> Roles { get; set; } = ["all"];

    [Doc("Address every listener binds to; 0.0.0.0 for all interfaces, 127.0.0.1 for this machine only.")]
    public string ListenAddress { get; set; } = "0.0.0.0";

    [Doc("Longest a graceful shutdown may take (draining requests, flushing data) before Vigil exits anyway.")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public LogConfig Log { get; set; } = new();

    public CollectorConfig Collector { get; set; } = new();

    public DoorConfig Metrics { get; set; } = new() { Port = 9090 };

    public DoorConfig Logs { get; set; } = new() { Port = 3100 };

    public DoorConfig Traces { get; set; } = new() { Port = 3200 };

    public DoorConfig Ui { get; set; } = new() { Port = 3000 };

    public DemoConfig Demo { get; set; } = new();
}

internal enum LogLevelName
{
    Debug,
    Info,
    Warn,
    Error,
}

internal enum LogFormat
{
    Logfmt,
    Json,
}

internal sealed class LogConfig
{
    [Doc("Lowest level written to stderr: debug, info, warn or error.")]
    public LogLevelName Level { get; set; } = LogLevelName.Info;

    [Doc("Log line format: logfmt (key=value) or json (one object per line).")]
    public LogFormat Format { get; set; } = LogFormat.Logfmt;
}

/// <summary>A listener of one role.</summary>
internal sealed class DoorConfig
{
    [Doc("TCP port of the listener; 0 picks a free port (the chosen one is logged).")]
    [Range(0, 65535)]
    public int Port { get; set; }
}

internal sealed class CollectorConfig
{
    public OtlpConfig Otlp { get; set; } = new();

    public TelemetryConfig Telemetry { get; set; } = new();

    public BatchConfig Batch { get; set; } = new();

    public MemoryLimiterConfig MemoryLimiter { get; set; } = new();

    public DebugExporterConfig DebugExporter { get; set; } = new();
}

internal sealed class OtlpConfig
{
    public OtlpGrpcConfig Grpc { get; set; } = new();

    public OtlpHttpConfig Http { get; set; } = new();
}

internal sealed class OtlpGrpcConfig
{
    [Doc("Serve OTLP over gRPC.")]
    public bool Enabled { get; set; } = true;

    [Doc("Port of the OTLP/gRPC listener (HTTP/2 without TLS).")]
    [Range(0, 65535)]
    public int Port { get; set; } = 4317;

    [Doc("Largest accepted message after decompression; larger ones get RESOURCE_EXHAUSTED.")]
    [ByteSize]
    [Range(1024, int.MaxValue)]
    public long MaxRecvMsgSize { get; set; } = 64L << 20;
}

internal sealed class OtlpHttpConfig
{
    [Doc("Serve OTLP over HTTP (protobuf and JSON).")]
    public bool Enabled { get; set; } = true;

    [Doc("Port of the OTLP/HTTP listener.")]
    [Range(0, 65535)]
    public int Port { get; set; } = 4318;

    [Doc("Largest accepted body after decompression; larger ones get 413.")]
    [ByteSize]
    [Range(1024, int.MaxValue)]
    public long MaxRequestBodySize { get; set; } = 64L << 20;

    public CorsConfig Cors { get; set; } = new();
}

internal sealed class CorsConfig
{
    [Doc("Origins browsers may send OTLP/HTTP from (for example http://localhost:5173); \"*\" allows any; empty disables CORS.")]
    public List<string> AllowedOrigins { get; set; } = [];

    [Doc("Request headers allowed besides the CORS-safelisted ones and Content-Type.")]
    public List<string> AllowedHeaders { get; set; } = [];

    [Doc("How long browsers may cache a preflight answer.")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(2);
}

internal sealed class TelemetryConfig
{
    [Doc("Serve the collector's own metrics (Prometheus text format) at /metrics.")]
    public bool Enabled { get; set; } = true;

    [Doc("Port of the collector metrics listener.")]
    [Range(0, 65535)]
    public int Port { get; set; } = 9464;
}

internal sealed class BatchConfig
{
    [Doc("Spans, data points or log records after which a batch is sent to the exporters.")]
    [Range(1, 10_000_000)]
    public int SendBatchSize { get; set; } = 8192;

    [Doc("Longest a batch waits to fill before it is sent anyway.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(200);
}

internal sealed class MemoryLimiterConfig
{
    [Doc("Most decoded telemetry held in the pipeline; above it receivers answer 429 / RESOURCE_EXHAUSTED.")]
    [ByteSize]
    [Range(1024, long.MaxValue)]
    public long Limit { get; set; } = 512L << 20;

    [Doc("Retry-After (HTTP) and RetryInfo (gRPC) delay given to refused senders.")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}

internal enum DebugVerbosityName
{
    Basic,
    Normal,
    Detailed,
}

internal sealed class DebugExporterConfig
{
    [Doc("Log what arrives, like the collector's debug exporter.")]
    public bool Enabled { get; set; } = true;

    [Doc("basic (counts per batch), normal (a line per item) or detailed (every attribute).")]
    public DebugVerbosityName Verbosity { get; set; } = DebugVerbosityName.Basic;
}

internal sealed class DemoConfig
{
    [Doc("Start the greenhouse demo app as a child process (it sends OTLP to this Vigil and serves /metrics).")]
    public bool Enabled { get; set; }

    [Doc("Port of the demo app (its API and /metrics).")]
    [Range(0, 65535)]
    public int Port { get; set; } = 8000;

    [Doc("Path to greenhouse-app.dll; empty uses the copy built next to vigil.")]
    public string Path { get; set; } = string.Empty;

    [Doc("Pause between the demo's generated requests.")]
    public TimeSpan TrafficInterval { get; set; } = TimeSpan.FromMilliseconds(300);

    [Doc("How often the demo's OpenTelemetry SDK exports (OTEL_BSP_SCHEDULE_DELAY, OTEL_METRIC_EXPORT_INTERVAL, OTEL_BLRP_SCHEDULE_DELAY).")]
    public TimeSpan ExportInterval { get; set; } = TimeSpan.FromSeconds(5);
}
