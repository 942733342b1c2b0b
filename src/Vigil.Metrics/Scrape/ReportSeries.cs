using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// The series every scrape adds for its target (api-compat doc section 5.4; Prometheus
/// <c>scrapeLoop.report</c>): labelled with the target's labels, stamped with the scrape's time. The
/// extra three only with <c>extra_scrape_metrics</c>. Owned by one loop; refs are cached across scrapes.
/// </summary>
internal sealed class ReportSeries
{
    private static readonly string[] Names =
        ["up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added",
         "scrape_timeout_seconds", "scrape_sample_limit", "scrape_body_size_bytes"];

    private readonly Labels[] _labels;
    private readonly ulong[] _refs;

    public ReportSeries(Labels target, bool extra)
    {
        _labels = new Labels[extra ? 8 : 5];
        _refs = new ulong[_labels.Length];
        for (int i = 0; i < _labels.Length; i++) _labels[i] = new LabelsBuilder(target).Set(Labels.MetricName, Names[i]).Build();
    }

    /// <summary>One scrape's report. <paramref name="bodyBytes"/> is -1 when body_size_limit was hit.</summary>
    public void Append(IAppender appender, long t, bool up, TimeSpan duration, int scraped, int postRelabel, int seriesAdded,
        TimeSpan timeout, int sampleLimit, long bodyBytes)
    {
        Span<double> values = [up ? 1 : 0, duration.TotalSeconds, scraped, postRelabel, seriesAdded, timeout.TotalSeconds, sampleLimit, bodyBytes];
        for (int i = 0; i < _labels.Length; i++) appender.Append(ref _refs[i], _labels[i], t, values[i]);
    }

    /// <summary>Staleness markers for all report series (the target went away).</summary>
    public void AppendStale(IAppender appender, long t)
    {
        for (int i = 0; i < _labels.Length; i++) appender.Append(ref _refs[i], _labels[i], t, StaleNaN.Value);
    }
}
