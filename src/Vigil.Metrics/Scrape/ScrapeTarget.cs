using Vigil.Metrics.Model;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// One target of a scrape pool after relabeling (Prometheus <c>scrape.Target</c>): the labels attached
/// to its samples (no <c>__</c>-prefixed names), the labels discovery gave it before relabeling (for the
/// targets API), its URL, interval and timeout, and its health. The same object lives across syncs
/// and reloads while its <see cref="Key"/> stays the same, so health and discovered labels carry over.
/// </summary>
internal sealed class ScrapeTarget(Labels labels, Labels discoveredLabels, Uri url, TimeSpan interval, TimeSpan timeout, TargetHealth? health = null)
{
    private Labels _discovered = discoveredLabels;

    /// <summary>Public labels: attached to every sample and report series.</summary>
    public Labels Labels { get; } = labels;
    public Uri Url { get; } = url;
    public TimeSpan Interval { get; } = interval;
    public TimeSpan Timeout { get; } = timeout;
    public TargetHealth Health { get; } = health ?? new TargetHealth();

    /// <summary>Identity across syncs and reloads: public labels and URL (interval changes restart the loop, not the target).</summary>
    public string Key { get; } = labels + "|" + url.AbsoluteUri;

    /// <summary>Discovered labels before relabeling; updated when a sync finds the same target again.</summary>
    public Labels DiscoveredLabels
    {
        get => Volatile.Read(ref _discovered);
        set => Volatile.Write(ref _discovered, value);
    }

    public override string ToString() => Url.ToString();
}
