using Vigil.Metrics.Model;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// One target of a scrape pool after relabeling: its final labels (attached to every sample), the labels
/// discovery gave it (shown by the targets API), and where and how often to scrape it.
/// </summary>
internal sealed record ScrapeTarget(Labels Labels, Labels DiscoveredLabels, Uri Url, TimeSpan Interval, TimeSpan Timeout)
{
    /// <summary>Identity for reloads: a target with the same labels and URL keeps its loop (and its staleness state).</summary>
    public string Key { get; } = Labels + "|" + Url;
}

/// <summary>Per-job settings a scrape loop needs (taken from the job's scrape config).</summary>
internal sealed record ScrapeSettings
{
    public required string Job { get; init; }
    public bool HonorLabels { get; init; }
    public bool HonorTimestamps { get; init; } = true;
    public int SampleLimit { get; init; }
    public int LabelLimit { get; init; }
    public int LabelNameLengthLimit { get; init; }
    public int LabelValueLengthLimit { get; init; }
    public long BodySizeLimit { get; init; }
    public string AcceptHeader { get; init; } = "";
    public string? FallbackProtocol { get; init; }
    public bool EnableCompression { get; init; } = true;
    /// <summary>metric_relabel_configs applied to each scraped series; false drops it. Null when there are none.</summary>
    public Func<LabelsBuilder, bool>? MetricRelabel { get; init; }
}
