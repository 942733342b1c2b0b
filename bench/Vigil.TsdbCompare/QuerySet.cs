namespace Vigil.TsdbCompare;

/// <summary>
/// The fixed range queries of the query benchmark (issue 4): rate of counters, sum by, histogram_quantile over
/// classic buckets, topk, regex matchers and a subquery, over the catalog's metric names. Each runs at three
/// windows ending at the stream's last sample, with a step giving about 240 points, as a dashboard panel asks.
/// </summary>
internal static class QuerySet
{
    public static readonly (string Name, string Query)[] Queries =
    [
        ("rate", "rate(node_network_bytes_total[5m])"),
        ("sum by", "sum by (env, job) (rate(node_cpu_seconds_total[5m]))"),
        ("histogram_quantile", $"histogram_quantile(0.9, sum by (le) (rate({SeriesCatalog.HistogramName}[5m])))"),
        ("topk", "topk(5, rate(node_disk_bytes_total[5m]))"),
        ("regex matchers", "sum by (instance) (rate(node_cpu_seconds_total{instance=~\"host-0[0-4].*\", mode=~\"i.*|s.*\"}[5m]))"),
        ("subquery", "max_over_time(rate(node_cpu_seconds_total[5m])[30m:1m])"),
        // Names kept (no function), so series of different names never collide; touches every node_ series.
        ("wide sum", "sum by (__name__) ({__name__=~\"node_.+\"})"),
    ];

    public static readonly (string Name, TimeSpan Window)[] Windows =
    [
        ("1h", TimeSpan.FromHours(1)),
        ("6h", TimeSpan.FromHours(6)),
        ("24h", TimeSpan.FromHours(24)),
    ];

    /// <summary>About 240 points per series, rounded to whole seconds (15 s, 90 s, 360 s).</summary>
    public static long StepMs(TimeSpan window) => Math.Max(1, (long)window.TotalSeconds / 240) * 1000;
}
