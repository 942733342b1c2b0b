using Vigil.Metrics.Ingest.Otlp;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb;
using Vigil.Otlp.Model;
using static Vigil.Metrics.Tests.Ingest.Otlp.OtlpTestKit;
using OtlpMetricType = Vigil.Otlp.Model.MetricType;

namespace Vigil.Metrics.Tests.Ingest.Otlp;

/// <summary>The 9464 view: latest values in Prometheus text 0.0.4, as the Collector's prometheus exporter served them.</summary>
public class OtlpLatestValuesTests
{
    private static readonly KeyValue[] Resource = Service("svc", instance: "i1", more: S("host.name", "h"));

    private static MetricsData Everything(long ms)
    {
        var cpu = Gauge("cpu.utilization", "1", Number(0.5, ms, S("cpu", "1")), Number(0.25, ms, S("cpu", "0")));
        cpu.Description = "CPU share\nper core \\ ok";
        var histogram = Histogram("http.server.request.duration", "s", AggregationTemporality.Cumulative, new HistogramDataPoint
        {
            TimeUnixNano = Ns(ms), ExplicitBounds = [0.1, 1], BucketCounts = [1, 2, 3], Count = 6, Sum = 7.5,
        });
        var summary = new Metric
        {
            Name = "rpc.latency", Unit = "ms", Description = "rpc.latency help", Type = OtlpMetricType.Summary,
            SummaryPoints = [new SummaryDataPoint { TimeUnixNano = Ns(ms), Count = 5, Sum = 10, QuantileValues = [new(0.9, 2), new(0.5, 1)] }],
        };
        return Request(Resource, summary, Counter("requests", "", Number(1234567, ms, S("path", "/a\"b"))), histogram, cpu);
    }

    private const string ExpectedText =
        "# HELP cpu_utilization_ratio CPU share\\nper core \\\\ ok\n" +
        "# TYPE cpu_utilization_ratio gauge\n" +
        "cpu_utilization_ratio{cpu=\"0\",instance=\"i1\",job=\"svc\"} 0.25\n" +
        "cpu_utilization_ratio{cpu=\"1\",instance=\"i1\",job=\"svc\"} 0.5\n" +
        "# HELP http_server_request_duration_seconds http.server.request.duration help\n" +
        "# TYPE http_server_request_duration_seconds histogram\n" +
        "http_server_request_duration_seconds_bucket{instance=\"i1\",job=\"svc\",le=\"0.1\"} 1\n" +
        "http_server_request_duration_seconds_bucket{instance=\"i1\",job=\"svc\",le=\"1\"} 3\n" +
        "http_server_request_duration_seconds_bucket{instance=\"i1\",job=\"svc\",le=\"+Inf\"} 6\n" +
        "http_server_request_duration_seconds_sum{instance=\"i1\",job=\"svc\"} 7.5\n" +
        "http_server_request_duration_seconds_count{instance=\"i1\",job=\"svc\"} 6\n" +
        "# HELP requests_total requests help\n" +
        "# TYPE requests_total counter\n" +
        "requests_total{instance=\"i1\",job=\"svc\",path=\"/a\\\"b\"} 1.234567e+06\n" +
        "# HELP rpc_latency_milliseconds rpc.latency help\n" +
        "# TYPE rpc_latency_milliseconds summary\n" +
        "rpc_latency_milliseconds{instance=\"i1\",job=\"svc\",quantile=\"0.5\"} 1\n" +
        "rpc_latency_milliseconds{instance=\"i1\",job=\"svc\",quantile=\"0.9\"} 2\n" +
        "rpc_latency_milliseconds_sum{instance=\"i1\",job=\"svc\"} 10\n" +
        "rpc_latency_milliseconds_count{instance=\"i1\",job=\"svc\"} 5\n" +
        "# HELP target_info Target metadata\n" +
        "# TYPE target_info gauge\n" +
        "target_info{host_name=\"h\",instance=\"i1\",job=\"svc\"} 1\n";

    [Fact]
    public async Task Renders_text_format_exactly()
    {
        var (_, store) = NewHead();
        var latest = new OtlpLatestValues(timeProvider: new ManualTime(T0));
        var writer = new OtlpStoreWriter(Translator(), latest);
        await writer.WriteAsync([Everything(T0Ms)], store, CancellationToken.None);

        Assert.Equal(ExpectedText, latest.Render());

        var stream = new MemoryStream();
        await latest.WriteAsync(stream, CancellationToken.None);
        Assert.Equal(ExpectedText, System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public async Task Newer_values_replace_older_ones_and_older_ones_are_ignored()
    {
        var latest = new OtlpLatestValues(timeProvider: new ManualTime(T0));
        var translator = Translator();
        async Task Write(double value, long ms)
        {
            var appender = latest.Wrap(new RecordingAppender());
            translator.Translate(Request(Service("svc"), Gauge("g", "", Number(value, ms))), appender);
            await appender.CommitAsync();
        }
        await Write(1, T0Ms + 1000);
        await Write(2, T0Ms + 2000);
        await Write(3, T0Ms);
        Assert.Equal("# HELP g g help\n# TYPE g gauge\ng{job=\"svc\"} 2\n", latest.Render());
    }

    [Fact]
    public async Task Series_expire_after_five_minutes_without_updates()
    {
        var time = new ManualTime(T0);
        var latest = new OtlpLatestValues(timeProvider: time);
        var appender = latest.Wrap(new RecordingAppender());
        Translator().Translate(Request(Service("svc"), Gauge("g", "", Number(1, T0Ms))), appender);
        await appender.CommitAsync();
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(1, latest.SeriesCount);
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("", latest.Render());
        Assert.Equal(0, latest.SeriesCount);
    }

    [Fact]
    public async Task Rolled_back_and_refused_samples_are_not_shown()
    {
        var latest = new OtlpLatestValues(timeProvider: new ManualTime(T0));
        var rolledBack = latest.Wrap(new RecordingAppender());
        Translator().Translate(Request(Service("svc"), Gauge("g", "", Number(1, T0Ms))), rolledBack);
        rolledBack.Rollback();
        await rolledBack.CommitAsync();
        Assert.Equal(0, latest.SeriesCount);

        var (head, _) = NewHead();
        var first = latest.Wrap(head.Appender());
        Translator().Translate(Request(Service("svc"), Gauge("g", "", Number(1, T0Ms + 10))), first);
        await first.CommitAsync();
        var refused = latest.Wrap(head.Appender());
        var result = Translator().Translate(Request(Service("svc"), Gauge("g", "", Number(99, T0Ms))), refused);
        await refused.CommitAsync();
        Assert.Equal(1, result.Rejected(AppendStatus.OutOfOrder));
        Assert.Contains("g{job=\"svc\"} 1\n", latest.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stale_markers_remove_series_and_the_bound_drops_new_ones()
    {
        var latest = new OtlpLatestValues(maxSeries: 1, timeProvider: new ManualTime(T0));
        var appender = latest.Wrap(new RecordingAppender());
        Translator().Translate(Request([], Gauge("a", "", Number(1, T0Ms)), Gauge("b", "", Number(1, T0Ms))), appender);
        await appender.CommitAsync();
        Assert.Equal(1, latest.SeriesCount);
        Assert.Equal(1, latest.DroppedSeries);

        var stale = Number(0, T0Ms + 1);
        stale.Flags = DataPointFlags.NoRecordedValue;
        Translator().Translate(Request([], Gauge("a", "", stale)), appender);
        await appender.CommitAsync();
        Assert.Equal(0, latest.SeriesCount);
    }

    [Fact]
    public void Values_use_go_float_formatting()
    {
        var sb = new System.Text.StringBuilder();
        foreach (double v in new[] { 1.0, 0.0, -1.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e6, 0.1, -0.0, 123456.0 })
        {
            PrometheusText.AppendValue(sb, v);
            sb.Append(' ');
        }
        Assert.Equal("1 0 -1 NaN +Inf -Inf 1e+06 0.1 0 123456 ", sb.ToString());
    }

    [Fact]
    public async Task Store_writer_commits_the_valid_part_of_a_batch()
    {
        var (head, store) = NewHead();
        var writer = new OtlpStoreWriter(Translator());
        await writer.WriteAsync([Request(Service("svc"), Gauge("g", "", Number(1, T0Ms + 1000)))], store, CancellationToken.None);
        var result = await writer.WriteAsync(
            [Request(Service("svc"), Gauge("g", "", Number(2, T0Ms))), Request(Service("svc"), Gauge("h", "", Number(3, T0Ms)))],
            store, CancellationToken.None);

        Assert.Equal(1, result.Rejected(AppendStatus.OutOfOrder));
        Assert.Equal(3, Value(Dump(head), "{__name__=\"h\", job=\"svc\"}"));
        Assert.Equal(new MetricMetadata(Vigil.Metrics.Model.MetricType.Gauge, "h help", ""), head.Metadata["h"]);
    }
}
