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

    public MetricsConfig Metrics { get; set; } = new();

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

/// <summary>The metrics role: Prometheus API door, TSDB, scraping and the write receivers.</summary>
internal sealed class MetricsConfig
{
    [Doc("TCP port of the Prometheus API listener; 0 picks a free port (the chosen one is logged).")]
    [Range(0, 65535)]
    public int Port { get; set; } = 9090;

    [Doc("Prometheus configuration file (scrape configs, global settings) in Prometheus's own format; relative paths are from the working directory; empty or missing means no scraping.")]
    public string ConfigFile { get; set; } = "config/prometheus.yml";

    [Doc("Serve the TSDB admin API (snapshot, delete_series, clean_tombstones) as Prometheus --web.enable-admin-api does; off by default because it deletes data.")]
    public bool EnableAdminApi { get; set; }

    [Doc("Allow POST /-/reload and /-/quit (Prometheus --web.enable-lifecycle); SIGHUP reloads either way.")]
    public bool EnableLifecycle { get; set; } = true;

    public MetricsStorageConfig Storage { get; set; } = new();

    public MetricsReceiversConfig Receivers { get; set; } = new();

    public MetricsQueryConfig Query { get; set; } = new();
}

/// <summary>The PromQL engine's limits, named after Prometheus's --query.* flags.</summary>
internal sealed class MetricsQueryConfig
{
    [Doc("Longest a query may run before it fails with \"query timed out\" (Prometheus --query.timeout); the API's timeout parameter can only shorten it.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    [Doc("Most samples one query may hold in memory at once; more fails the query with \"query processing would load too many samples into memory\" (Prometheus --query.max-samples).")]
    [Range(1, int.MaxValue)]
    public int MaxSamples { get; set; } = 50_000_000;

    [Doc("How far back an instant selector looks for the latest sample (Prometheus --query.lookback-delta); the API's lookback_delta parameter overrides it per query.")]
    public TimeSpan LookbackDelta { get; set; } = TimeSpan.FromMinutes(5);

    [Doc("Queries evaluated at once; more wait in line (Prometheus --query.max-concurrency).")]
    [Range(1, 10_000)]
    public int MaxConcurrency { get; set; } = 20;
}

internal enum WalSyncName
{
    Flush,
    Always,
    Interval,
}

internal sealed class MetricsStorageConfig
{
    [Doc("Keep blocks whose newest sample is younger than this (Prometheus --storage.tsdb.retention.time); 0 disables time retention.")]
    public TimeSpan RetentionTime { get; set; } = TimeSpan.FromDays(15);

    [Doc("Delete the oldest blocks when blocks plus WAL exceed this (Prometheus --storage.tsdb.retention.size); 0 disables size retention.")]
    [ByteSize]
    [Range(0, long.MaxValue)]
    public long RetentionSize { get; set; }

    [Doc("When the write-ahead log reaches the disk: flush (handed to the OS before a write is acknowledged: survives a killed process), always (fsync before acknowledging: survives power loss) or interval (fsync every wal_sync_interval).")]
    public WalSyncName WalSync { get; set; } = WalSyncName.Flush;

    [Doc("fsync period when wal_sync is interval.")]
    public TimeSpan WalSyncInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Doc("Samples up to this far behind a series' newest sample are accepted (Prometheus storage.tsdb.out_of_order_time_window); 0 rejects them as out of order.")]
    public TimeSpan OutOfOrderWindow { get; set; } = TimeSpan.Zero;

    [Doc("Time range of the blocks cut from the head (Prometheus --storage.tsdb.min-block-duration).")]
    public TimeSpan BlockRange { get; set; } = TimeSpan.FromHours(2);
}

internal sealed class MetricsReceiversConfig
{
    [Doc("Accept Prometheus remote write (1.0 and 2.0) at POST /api/v1/write (Prometheus --web.enable-remote-write-receiver).")]
    public bool RemoteWrite { get; set; } = true;

    [Doc("Accept OTLP metrics at POST /api/v1/otlp/v1/metrics on the Prometheus port (Prometheus --web.enable-otlp-receiver).")]
    public bool Otlp { get; set; } = true;

    [Doc("Largest accepted remote write or OTLP body after decompression; larger ones get 400.")]
    [ByteSize]
    [Range(1024, int.MaxValue)]
    public long MaxRequestBodySize { get; set; } = 32L << 20;
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
