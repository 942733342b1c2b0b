using Vigil.Metrics.Model;
using Vigil.Metrics.Scrape.Relabel;
using YamlDotNet.RepresentationModel;

namespace Vigil.Metrics.Scrape.Config;

/// <summary>
/// A loaded prometheus.yml (Prometheus <c>config.Config</c>), defaults applied and validated by
/// <see cref="PrometheusConfigLoader"/>. Immutable: a reload builds a new one and swaps it in.
/// Sections Vigil's scraper does not use (alerting, remote_write, …) are kept as parsed YAML in
/// <see cref="OtherSections"/> for the components that own them.
/// </summary>
internal sealed record PrometheusConfig
{
    public GlobalConfig Global { get; init; } = new();
    public IReadOnlyList<ScrapeConfig> ScrapeConfigs { get; init; } = [];
    /// <summary>rule_files patterns, resolved against the config file's directory.</summary>
    public IReadOnlyList<string> RuleFiles { get; init; } = [];
    /// <summary>scrape_config_files patterns (resolved); their jobs are already in <see cref="ScrapeConfigs"/>.</summary>
    public IReadOnlyList<string> ScrapeConfigFiles { get; init; } = [];
    /// <summary>alerting, remote_write, remote_read, storage, otlp, tracing, runtime: accepted as written.</summary>
    public IReadOnlyDictionary<string, YamlNode> OtherSections { get; init; } = new Dictionary<string, YamlNode>();
    /// <summary>The file's text, for <c>/api/v1/status/config</c>.</summary>
    public string Source { get; init; } = "";
    public string? FilePath { get; init; }
}

/// <summary>The <c>global</c> section with Prometheus's defaults (config.go <c>DefaultGlobalConfig</c>).</summary>
internal sealed record GlobalConfig
{
    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromMinutes(1);
    public TimeSpan ScrapeTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan EvaluationInterval { get; init; } = TimeSpan.FromMinutes(1);
    public TimeSpan RuleQueryOffset { get; init; }
    public string QueryLogFile { get; init; } = "";
    public string ScrapeFailureLogFile { get; init; } = "";
    /// <summary>Added by Prometheus only on remote write, federation and alerts, never at scrape time.</summary>
    public Labels ExternalLabels { get; init; } = Labels.Empty;
    /// <summary>Null when unset: jobs then use <see cref="ScrapeProtocols.Default"/>.</summary>
    public IReadOnlyList<string>? ScrapeProtocols { get; init; }
    public long BodySizeLimit { get; init; }
    public ulong SampleLimit { get; init; }
    public ulong TargetLimit { get; init; }
    public ulong LabelLimit { get; init; }
    public ulong LabelNameLengthLimit { get; init; }
    public ulong LabelValueLengthLimit { get; init; }
    public ulong KeepDroppedTargets { get; init; }
    public NameValidationScheme MetricNameValidationScheme { get; init; }
    public bool ExtraScrapeMetrics { get; init; }
}

/// <summary>
/// The scrape protocols of config.go (<c>ScrapeProtocolsHeaders</c>), in the order Prometheus lists
/// them when one is unknown, and the default preference (<c>DefaultScrapeProtocols</c>).
/// </summary>
internal static class ScrapeProtocols
{
    public static readonly string[] Supported =
        ["OpenMetricsText0.0.1", "OpenMetricsText1.0.0", "PrometheusProto", "PrometheusText0.0.4", "PrometheusText1.0.0"];

    public static readonly string[] Default = ["OpenMetricsText1.0.0", "OpenMetricsText0.0.1", "PrometheusText1.0.0", "PrometheusText0.0.4"];

    public static bool IsSupported(string name) => Array.IndexOf(Supported, name) >= 0;

    /// <summary>Go's <c>%v</c> of the sorted list: <c>[A B C]</c>.</summary>
    public static string SupportedList => "[" + string.Join(' ', Supported) + "]";
}
