using Vigil.Metrics.Scrape.Relabel;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// Per-job settings a scrape loop runs with, taken from its scrape config. A value record: a reload that
/// yields equal settings (and the same HTTP client and target) keeps the running loop.
/// </summary>
internal sealed record ScrapeSettings
{
    public required string Job { get; init; }
    public bool HonorLabels { get; init; }
    public bool HonorTimestamps { get; init; } = true;
    public bool TrackTimestampsStaleness { get; init; }
    public int SampleLimit { get; init; }
    public int LabelLimit { get; init; }
    public int LabelNameLengthLimit { get; init; }
    public int LabelValueLengthLimit { get; init; }
    public long BodySizeLimit { get; init; }
    public string AcceptHeader { get; init; } = "";
    public string? FallbackProtocol { get; init; }
    public bool EnableCompression { get; init; } = true;
    /// <summary>Also write scrape_timeout_seconds, scrape_sample_limit and scrape_body_size_bytes.</summary>
    public bool ExtraScrapeMetrics { get; init; }
    /// <summary>metric_relabel_configs, compiled; equality is by content.</summary>
    public Relabeler MetricRelabel { get; init; } = Relabeler.Empty;
    public NameValidationScheme NameValidation { get; init; }

    /// <summary>
    /// Whether a loop with <paramref name="next"/> may keep this loop's parse cache: everything that
    /// changes what a series becomes must be equal (Prometheus <c>reusableCache</c> ignores only the
    /// interval, timeout, sample limit and HTTP client, which are not part of these settings or are
    /// cleared here).
    /// </summary>
    public bool CacheReusableWith(ScrapeSettings next) => this with { SampleLimit = 0 } == next with { SampleLimit = 0 };
}
