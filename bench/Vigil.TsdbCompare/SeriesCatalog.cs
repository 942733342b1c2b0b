namespace Vigil.TsdbCompare;

/// <summary>How a series' value moves from sample to sample.</summary>
internal enum ValueShape : byte
{
    /// <summary>Monotonic counter, small integer increments (many 0 for error counters).</summary>
    Counter,
    /// <summary>Gauge with 2-3 significant digits that wanders (bytes, ratios, temperatures).</summary>
    Gauge,
    /// <summary>Small integer gauge (in-flight requests, queue length).</summary>
    SmallGauge,
    /// <summary>Never changes (limits, build info).</summary>
    Constant,
    /// <summary>A classic histogram bucket: cumulative counter, the buckets of one histogram consistent with each other.</summary>
    Bucket,
}

/// <summary>
/// The label sets of a synthetic fleet, deterministic in the series index: ~100 hosts (instance, env), each
/// exposing the same metric families as real exporters do. 200 metric names (20 subsystems x 10 measures);
/// when a host has more than 200 series, names repeat with the next value of the subsystem's own label
/// (cpu mode, disk device, HTTP code...). Series i belongs to host i / seriesPerHost, so hosts are contiguous.
/// </summary>
internal sealed class SeriesCatalog
{
    public const int NameCount = 200;

    private static readonly (string Subsystem, string Job, string Key, string[] Values)[] Subsystems =
    [
        ("node_cpu", "node", "mode", ["idle", "user", "system", "iowait", "irq", "softirq", "steal", "nice"]),
        ("node_memory", "node", "kind", ["MemFree", "Cached", "Buffers", "Active", "Inactive", "Slab", "Dirty"]),
        ("node_disk", "node", "device", ["sda", "sdb", "nvme0n1", "nvme1n1", "dm-0", "dm-1"]),
        ("node_network", "node", "device", ["eth0", "eth1", "lo", "docker0", "bond0"]),
        ("node_filesystem", "node", "mountpoint", ["/", "/var", "/home", "/boot", "/data", "/tmp"]),
        ("node_load", "node", "window", ["1m", "5m", "15m"]),
        ("process", "app", "pool", ["main", "io", "background"]),
        ("go_memstats", "app", "class", ["heap", "stack", "mspan", "mcache", "other"]),
        ("http_server", "api", "code", ["200", "201", "204", "301", "400", "404", "500", "503"]),
        ("http_client", "api", "method", ["GET", "POST", "PUT", "DELETE", "PATCH"]),
        ("grpc_server", "api", "grpc_code", ["OK", "Canceled", "NotFound", "Unavailable", "Internal"]),
        ("db_client", "api", "operation", ["select", "insert", "update", "delete"]),
        ("cache", "api", "result", ["hit", "miss", "expired"]),
        ("queue", "worker", "queue", ["emails", "exports", "webhooks", "reports"]),
        ("kafka_consumer", "worker", "topic", ["orders", "payments", "events", "audit"]),
        ("jvm", "jvm", "area", ["heap", "nonheap", "metaspace"]),
        ("nginx", "nginx", "state", ["active", "reading", "writing", "waiting"]),
        ("app_orders", "api", "region", ["eu-west", "us-east", "ap-south"]),
        ("app_payments", "api", "provider", ["card", "bank", "wallet"]),
        ("app_sessions", "api", "client", ["web", "ios", "android"]),
    ];

    private static readonly (string Suffix, ValueShape Shape)[] Measures =
    [
        ("_seconds_total", ValueShape.Counter),
        ("_requests_total", ValueShape.Counter),
        ("_errors_total", ValueShape.Counter),
        ("_bytes_total", ValueShape.Counter),
        ("_operations_total", ValueShape.Counter),
        ("_bytes", ValueShape.Gauge),
        ("_usage_ratio", ValueShape.Gauge),
        ("_temperature_celsius", ValueShape.Gauge),
        ("_in_flight", ValueShape.SmallGauge),
        ("_limit_bytes", ValueShape.Constant),
    ];

    /// <summary>With histograms, subsystem 8 (http_server) is one classic histogram per host and code instead of 10 measures.</summary>
    public const int HistogramSubsystem = 8;

    public const string HistogramName = "http_server_request_duration_seconds_bucket";

    /// <summary>The histogram's <c>le</c> bounds (one per measure slot) and the share of observations at or below each.</summary>
    public static readonly string[] BucketBounds = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"];

    public static readonly double[] BucketShares = [0.05, 0.12, 0.3, 0.5, 0.7, 0.85, 0.93, 0.97, 0.995, 1.0];

    public SeriesCatalog(int series, int hosts = 100, bool histograms = false)
    {
        Histograms = histograms;
        Series = series;
        Hosts = Math.Min(hosts, series);
        SeriesPerHost = (series + Hosts - 1) / Hosts;
    }

    public int Series { get; }

    public bool Histograms { get; }

    public int Hosts { get; }

    public int SeriesPerHost { get; }

    public int HostOf(int series) => series / SeriesPerHost;

    /// <summary>Which measure (and so which value shape) series i has.</summary>
    public int MeasureOf(int series) => series % SeriesPerHost % NameCount % Measures.Length;

    public ValueShape ShapeOf(int series) => IsBucket(series) ? ValueShape.Bucket : Measures[MeasureOf(series)].Shape;

    public bool IsBucket(int series) => Histograms && series % SeriesPerHost % NameCount / Measures.Length == HistogramSubsystem;

    public string MetricNameOf(int series)
    {
        if (IsBucket(series))
        {
            return HistogramName;
        }
        int name = series % SeriesPerHost % NameCount;
        return Subsystems[name / Measures.Length].Subsystem + Measures[name % Measures.Length].Suffix;
    }

    /// <summary>The label set of series i, sorted by name as remote write requires.</summary>
    public List<(string Name, string Value)> LabelsOf(int series)
    {
        int host = HostOf(series);
        int inHost = series % SeriesPerHost;
        int name = inHost % NameCount;
        int variant = inHost / NameCount;
        var sub = Subsystems[name / Measures.Length];
        string variantValue = variant < sub.Values.Length ? sub.Values[variant] : sub.Values[variant % sub.Values.Length] + "-" + (variant / sub.Values.Length);
        var labels = new List<(string Name, string Value)>
        {
            ("__name__", MetricNameOf(series)),
            ("env", host % 5 == 4 ? "staging" : "prod"),
            ("instance", $"host-{host:D3}.{(host % 5 == 4 ? "stg" : "prod")}.example.net:{(sub.Job == "node" ? 9100 : 8080)}"),
            ("job", sub.Job),
            (sub.Key, variantValue),
        };
        if (IsBucket(series))
        {
            labels.Add(("le", BucketBounds[MeasureOf(series)]));
        }
        labels.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return labels;
    }
}
