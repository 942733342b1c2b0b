using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Metrics.Model;
using Vigil.Metrics.Scrape;
using Vigil.Metrics.Scrape.Config;
using Vigil.Metrics.Scrape.Discovery;
using Vigil.Metrics.Scrape.Relabel;
using Vigil.Metrics.Tests.Scrape.Support;
using Vigil.Metrics.Tsdb.Head;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Tests.Scrape;

public sealed class ScrapeLoopTests : IAsyncLifetime
{
    private TestTarget _server = null!;
    private readonly Head _head = new(new HeadOptions());
    private readonly ManualTime _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync() => _server = await TestTarget.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private ScrapeLoop Loop(string jobYaml = "", string timeout = "2s")
    {
        var loaded = PrometheusConfigLoader.Load(
            $"scrape_configs:\n  - job_name: app\n    scrape_interval: 15s\n    scrape_timeout: {timeout}\n    static_configs: [{{targets: [\"{_server.Address}\"]}}]\n{jobYaml}");
        Assert.True(loaded.Success, loaded.ErrorText);
        var config = loaded.Config!.ScrapeConfigs[0];
        var build = TargetBuilder.Build(config.StaticConfigs[0].Targets[0], Labels.Empty, config, Relabeler.Compile(config.RelabelConfigs));
        var client = ScrapeHttpClientFactory.Create(config.Http, config.EnableCompression, "Vigil/test");
        return new ScrapeLoop(build.Target!, ScrapePool.SettingsFor(config), client, new HeadAppendable(_head), NullLogger.Instance, _time);
    }

    private async Task ScrapeAsync(ScrapeLoop loop)
    {
        _time.Advance(TimeSpan.FromSeconds(15));
        await loop.ScrapeOnceAsync();
    }

    [Fact]
    public async Task Text_format_scrape_writes_samples_report_series_and_metadata()
    {
        _server.Respond("""
            # HELP http_requests_total Requests.
            # TYPE http_requests_total counter
            http_requests_total{code="200"} 10
            http_requests_total{code="500"} 2
            temperature 21.5
            """ + "\n");
        var loop = Loop();
        await ScrapeAsync(loop);

        var requests = HeadReader.Named(_head, "http_requests_total");
        Assert.Equal(2, requests.Count);
        Assert.Equal(Labels.Of("__name__", "http_requests_total", "code", "200", "instance", _server.Address, "job", "app"), requests[0].Labels);
        Assert.Equal(10, requests[0].Samples.Single().V);
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), requests[0].Samples.Single().T);
        Assert.Equal(1, HeadReader.Last(_head, "up"));
        Assert.Equal(3, HeadReader.Last(_head, "scrape_samples_scraped"));
        Assert.Equal(3, HeadReader.Last(_head, "scrape_samples_post_metric_relabeling"));
        Assert.Equal(3, HeadReader.Last(_head, "scrape_series_added"));
        Assert.InRange(HeadReader.Last(_head, "scrape_duration_seconds"), 0, 2);
        Assert.Equal(Labels.Of("__name__", "up", "instance", _server.Address, "job", "app"), HeadReader.Named(_head, "up").Single().Labels);
        Assert.Equal(new MetricMetadata(MetricType.Counter, "Requests.", ""), _head.Metadata["http_requests_total"]);
        var (health, lastError, _, _) = loop.Target.Health.Snapshot();
        Assert.Equal(("up", ""), (health, lastError));

        // A second, unchanged scrape adds no series.
        await ScrapeAsync(loop);
        Assert.Equal(0, HeadReader.Last(_head, "scrape_series_added"));
        Assert.Equal(2, HeadReader.Named(_head, "temperature").Single().Samples.Count);
    }

    [Fact]
    public async Task Request_carries_prometheus_headers()
    {
        _server.Respond("x 1\n");
        await ScrapeAsync(Loop());
        var headers = _server.LastHeaders!;
        Assert.Equal("Vigil/test", headers.UserAgent.ToString());
        Assert.Equal("2", headers["X-Prometheus-Scrape-Timeout-Seconds"].ToString());
        Assert.StartsWith("application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,", headers.Accept.ToString());
        Assert.Contains("gzip", headers.AcceptEncoding.ToString());
    }

    [Fact]
    public async Task OpenMetrics_scrape_reads_units_and_timestamps()
    {
        _server.Respond("""
            # TYPE job_duration_seconds gauge
            # UNIT job_duration_seconds seconds
            # HELP job_duration_seconds How long.
            job_duration_seconds 1.5 1735689600.5
            # EOF
            """ + "\n", "application/openmetrics-text; version=1.0.0; charset=utf-8");
        await ScrapeAsync(Loop());
        var series = HeadReader.Named(_head, "job_duration_seconds").Single();
        Assert.Equal((1735689600500L, 1.5), series.Samples.Single());
        Assert.Equal(new MetricMetadata(MetricType.Gauge, "How long.", "seconds"), _head.Metadata["job_duration_seconds"]);
    }

    [Fact]
    public async Task Honor_timestamps_false_ignores_exposed_timestamps()
    {
        _server.Respond("x 1 1000\n");
        await ScrapeAsync(Loop("    honor_timestamps: false\n"));
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), HeadReader.Named(_head, "x").Single().Samples.Single().T);
    }

    [Fact]
    public async Task Garbage_fails_the_scrape_with_the_parse_error_and_writes_no_samples()
    {
        _server.Respond("ok_metric 1\nthis is not { valid\n");
        var loop = Loop();
        await ScrapeAsync(loop);
        Assert.Empty(HeadReader.Named(_head, "ok_metric")); // rolled back, not half-written
        Assert.Equal(0, HeadReader.Last(_head, "up"));
        var (health, lastError, _, _) = loop.Target.Health.Snapshot();
        Assert.Equal("down", health);
        Assert.StartsWith("text format parsing error in line 2:", lastError);
    }

    [Fact]
    public async Task Vanished_series_and_failed_scrapes_get_stale_markers()
    {
        _server.Respond("a 1\nb 2\n");
        var loop = Loop();
        await ScrapeAsync(loop);
        _server.Respond("a 1\n");
        await ScrapeAsync(loop);
        long t2 = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var b = HeadReader.Named(_head, "b").Single().Samples;
        Assert.Equal(2, b.Count);
        Assert.Equal(t2, b[1].T);
        Assert.Equal(StaleNaN.Bits, BitConverter.DoubleToUInt64Bits(b[1].V));
        Assert.Equal(1, HeadReader.Named(_head, "a").Single().Samples[^1].V);

        // A failed scrape marks everything of the last good one stale.
        _server.Respond("", status: 500);
        await ScrapeAsync(loop);
        Assert.True(StaleNaN.Is(HeadReader.Named(_head, "a").Single().Samples[^1].V));
        Assert.Equal("server returned HTTP status 500 Internal Server Error", loop.Target.Health.Snapshot().LastError);
        Assert.Equal(0, HeadReader.Last(_head, "up"));
    }

    [Fact]
    public async Task Stopping_a_removed_target_marks_all_its_series_stale()
    {
        _server.Respond("a 1\n");
        var loop = Loop();
        await ScrapeAsync(loop);
        _time.Advance(TimeSpan.FromSeconds(1));
        await loop.StopAsync(markStale: true);
        Assert.True(StaleNaN.Is(HeadReader.Named(_head, "a").Single().Samples[^1].V));
        Assert.True(StaleNaN.Is(HeadReader.Named(_head, "up").Single().Samples[^1].V));
        Assert.True(StaleNaN.Is(HeadReader.Named(_head, "scrape_series_added").Single().Samples[^1].V));
    }

    [Fact]
    public async Task Sample_limit_fails_the_scrape()
    {
        _server.Respond("a 1\nb 2\nc 3\n");
        var loop = Loop("    sample_limit: 2\n");
        await ScrapeAsync(loop);
        Assert.Equal("sample limit exceeded", loop.Target.Health.Snapshot().LastError);
        Assert.Equal(0, HeadReader.Last(_head, "up"));
        Assert.Equal(3, HeadReader.Last(_head, "scrape_samples_scraped"));
        Assert.Empty(HeadReader.Named(_head, "a"));
    }

    [Fact]
    public async Task Sample_limit_counts_after_metric_relabeling()
    {
        _server.Respond("a 1\nb 2\ngo_x 3\n");
        var loop = Loop("    sample_limit: 2\n    metric_relabel_configs:\n      - source_labels: [__name__]\n        regex: go_.*\n        action: drop\n");
        await ScrapeAsync(loop);
        Assert.Equal(1, HeadReader.Last(_head, "up"));
        Assert.Equal(3, HeadReader.Last(_head, "scrape_samples_scraped"));
        Assert.Equal(2, HeadReader.Last(_head, "scrape_samples_post_metric_relabeling"));
        Assert.Empty(HeadReader.Named(_head, "go_x"));
    }

    [Theory]
    [InlineData("    label_limit: 3\n", "a{x=\"1\",y=\"2\"} 1\n", "label_limit exceeded (metric: a, number of labels: 5, limit: 3)")]
    // Labels are checked in sorted order: __name__ (8 bytes) and instance come first.
    [InlineData("    label_name_length_limit: 8\n", "a{toolongname=\"1\"} 1\n", "label_name_length_limit exceeded (metric: a, label name: toolongname, length: 11, limit: 8)")]
    [InlineData("    label_value_length_limit: 20\n", "a{x=\"0123456789012345678901234\"} 1\n", "label_value_length_limit exceeded (metric: a, label name: x, value: \"0123456789012345678901234\", length: 25, limit: 20)")]
    public async Task Label_limits_fail_the_scrape(string yaml, string body, string expected)
    {
        _server.Respond(body);
        var loop = Loop(yaml);
        await ScrapeAsync(loop);
        Assert.Equal(expected, loop.Target.Health.Snapshot().LastError);
        Assert.Empty(HeadReader.Named(_head, "a"));
    }

    [Fact]
    public async Task Conflicting_labels_are_exported_unless_honor_labels()
    {
        _server.Respond("a{job=\"theirs\",instance=\"i\"} 1\n");
        await ScrapeAsync(Loop());
        var labels = HeadReader.Named(_head, "a").Single().Labels;
        Assert.Equal("app", labels.Get("job"));
        Assert.Equal("theirs", labels.Get("exported_job"));
        Assert.Equal("i", labels.Get("exported_instance"));
        Assert.Equal(_server.Address, labels.Get("instance"));
    }

    [Fact]
    public async Task Honor_labels_keeps_scraped_values()
    {
        _server.Respond("a{job=\"theirs\"} 1\n");
        await ScrapeAsync(Loop("    honor_labels: true\n"));
        var labels = HeadReader.Named(_head, "a").Single().Labels;
        Assert.Equal("theirs", labels.Get("job"));
        Assert.False(labels.Has("exported_job"));
        Assert.Equal(_server.Address, labels.Get("instance")); // target labels fill gaps
    }

    [Fact]
    public async Task Exported_prefix_repeats_when_taken()
    {
        _server.Respond("a{job=\"x\",exported_job=\"y\"} 1\n");
        await ScrapeAsync(Loop());
        var labels = HeadReader.Named(_head, "a").Single().Labels;
        Assert.Equal(("app", "y", "x"), (labels.Get("job"), labels.Get("exported_job"), labels.Get("exported_exported_job")));
    }

    [Fact]
    public async Task Metric_relabeling_that_removes_the_name_fails_the_scrape()
    {
        _server.Respond("a 1\n");
        var loop = Loop("    metric_relabel_configs:\n      - action: labeldrop\n        regex: __name__\n");
        await ScrapeAsync(loop);
        Assert.Equal("missing metric name (__name__ label)", loop.Target.Health.Snapshot().LastError);
    }

    [Fact]
    public async Task Timeout_is_context_deadline_exceeded()
    {
        _server.Respond("a 1\n", delay: TimeSpan.FromSeconds(10));
        var loop = Loop(timeout: "200ms");
        await ScrapeAsync(loop);
        Assert.Equal($"Get \"{_server.Url}\": context deadline exceeded", loop.Target.Health.Snapshot().LastError);
        Assert.Equal(0, HeadReader.Last(_head, "up"));
    }

    [Fact]
    public async Task Blank_content_type_needs_a_fallback_protocol()
    {
        _server.Respond("a 1\n", contentType: null);
        var loop = Loop();
        await ScrapeAsync(loop);
        Assert.Contains("non-compliant scrape target sending blank Content-Type and no fallback_scrape_protocol specified for target",
            loop.Target.Health.Snapshot().LastError);
        var withFallback = Loop("    fallback_scrape_protocol: PrometheusText0.0.4\n");
        await ScrapeAsync(withFallback);
        Assert.Equal("up", withFallback.Target.Health.Snapshot().Health);
    }

    [Fact]
    public async Task Body_size_limit_fails_the_scrape()
    {
        _server.Respond("a_metric_with_a_long_name 1\n");
        var loop = Loop("    body_size_limit: 10B\n");
        await ScrapeAsync(loop);
        Assert.Equal("body size limit exceeded", loop.Target.Health.Snapshot().LastError);
    }

    [Fact]
    public async Task Unreachable_target_is_down_with_the_transport_error()
    {
        var loaded = PrometheusConfigLoader.Load("scrape_configs:\n  - job_name: gone\n    static_configs: [{targets: [\"127.0.0.1:1\"]}]\n");
        var config = loaded.Config!.ScrapeConfigs[0];
        var target = TargetBuilder.Build(config.StaticConfigs[0].Targets[0], Labels.Empty, config, Relabeler.Empty).Target!;
        var loop = new ScrapeLoop(target, ScrapePool.SettingsFor(config), ScrapeHttpClientFactory.Create(config.Http, true, "t"), new HeadAppendable(_head),
            NullLogger.Instance, _time);
        await loop.ScrapeOnceAsync();
        Assert.StartsWith("Get \"http://127.0.0.1:1/metrics\": ", loop.Target.Health.Snapshot().LastError);
        Assert.Equal(0, HeadReader.Named(_head, "up").Single(s => s.Labels.Get("job") == "gone").Samples.Single().V);
    }

    [Fact]
    public void Offsets_spread_targets_inside_the_interval_and_stay_put()
    {
        var interval = TimeSpan.FromSeconds(15);
        var now = new DateTimeOffset(2025, 1, 1, 0, 0, 3, TimeSpan.Zero);
        var a = ScrapeLoop.Offset(now, "a", interval);
        var b = ScrapeLoop.Offset(now, "b", interval);
        Assert.InRange(a, TimeSpan.Zero, interval);
        Assert.NotEqual(a, b);
        // Pinned to absolute time: asked a second later, the same slot is a second closer.
        Assert.Equal((a - TimeSpan.FromSeconds(1) + interval).Ticks % interval.Ticks, ScrapeLoop.Offset(now.AddSeconds(1), "a", interval).Ticks);
    }

    [Fact]
    public async Task Started_loop_scrapes_on_its_interval_until_stopped()
    {
        _server.Respond("a 1\n");
        var loaded = PrometheusConfigLoader.Load(
            $"scrape_configs:\n  - job_name: fast\n    scrape_interval: 100ms\n    static_configs: [{{targets: [\"{_server.Address}\"]}}]\n");
        var config = loaded.Config!.ScrapeConfigs[0];
        var target = TargetBuilder.Build(config.StaticConfigs[0].Targets[0], Labels.Empty, config, Relabeler.Empty).Target!;
        var loop = new ScrapeLoop(target, ScrapePool.SettingsFor(config), ScrapeHttpClientFactory.Create(config.Http, true, "t"),
            new HeadAppendable(_head), NullLogger.Instance);
        loop.Start();
        for (int i = 0; i < 4; i++) Assert.True(await _server.Served.WaitAsync(TimeSpan.FromSeconds(10)), "the loop did not scrape");
        await loop.StopAsync(markStale: true);
        int served = _server.Requests;
        var up = HeadReader.Named(_head, "up").Single().Samples;
        Assert.True(up.Count >= 4, $"{up.Count} samples");
        for (int i = 1; i < up.Count; i++) Assert.True(up[i].T > up[i - 1].T);
        Assert.True(StaleNaN.Is(up[^1].V));
        Assert.Equal(served, _server.Requests); // nothing after the stop
    }
}
