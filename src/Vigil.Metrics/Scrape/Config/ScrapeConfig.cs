using Vigil.Metrics.Scrape.Discovery;
using Vigil.Metrics.Scrape.Relabel;

namespace Vigil.Metrics.Scrape.Config;

/// <summary>
/// One <c>scrape_configs</c> entry with the global defaults filled in (config.go
/// <c>ScrapeConfig.Validate</c>): interval and timeout, limits, protocols. Immutable.
/// </summary>
internal sealed record ScrapeConfig
{
    public required string JobName { get; init; }
    public bool HonorLabels { get; init; }
    public bool HonorTimestamps { get; init; } = true;
    public bool TrackTimestampsStaleness { get; init; }
    /// <summary>URL query parameters; <c>__param_&lt;name&gt;</c> labels override the first value.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Params { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    public TimeSpan ScrapeInterval { get; init; }
    public TimeSpan ScrapeTimeout { get; init; }
    public IReadOnlyList<string> ScrapeProtocols { get; init; } = Config.ScrapeProtocols.Default;
    public string? FallbackScrapeProtocol { get; init; }
    public string MetricsPath { get; init; } = "/metrics";
    public string Scheme { get; init; } = "http";
    public bool EnableCompression { get; init; } = true;
    public long BodySizeLimit { get; init; }
    public ulong SampleLimit { get; init; }
    public ulong TargetLimit { get; init; }
    public ulong LabelLimit { get; init; }
    public ulong LabelNameLengthLimit { get; init; }
    public ulong LabelValueLengthLimit { get; init; }
    public ulong KeepDroppedTargets { get; init; }
    public NameValidationScheme MetricNameValidationScheme { get; init; }
    public bool ExtraScrapeMetrics { get; init; }
    public HttpClientSettings Http { get; init; } = new();
    public IReadOnlyList<TargetGroup> StaticConfigs { get; init; } = [];
    public IReadOnlyList<FileSdConfig> FileSdConfigs { get; init; } = [];
    /// <summary>Other <c>*_sd_configs</c> present in the file: accepted, not run (a warning names them).</summary>
    public IReadOnlyList<string> UnsupportedDiscovery { get; init; } = [];
    public IReadOnlyList<RelabelConfig> RelabelConfigs { get; init; } = [];
    public IReadOnlyList<RelabelConfig> MetricRelabelConfigs { get; init; } = [];
}

/// <summary><c>file_sd_configs</c> entry: glob patterns (resolved against the config's directory) and the polling period.</summary>
internal sealed record FileSdConfig(IReadOnlyList<string> Files, TimeSpan RefreshInterval)
{
    /// <summary>discovery/file: 5m.</summary>
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromMinutes(5);
}
