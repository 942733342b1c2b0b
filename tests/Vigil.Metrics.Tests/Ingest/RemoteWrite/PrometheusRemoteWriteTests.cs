using Vigil.Metrics.Ingest.RemoteWrite;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tests.Ingest.RemoteWrite.Support;
using Vigil.Metrics.Tests.Support;

namespace Vigil.Metrics.Tests.Ingest.RemoteWrite;

/// <summary>
/// A real Prometheus scrapes itself every second and remote-writes to the receiver; the test waits (with
/// a deadline) until its series are in the head. Prometheus 2.42 (Debian 12, CI) speaks remote write 1.0
/// only: the <c>protobuf_message</c> setting that selects 2.0 came with 2.54 / 3.0, so 2.0 is covered by
/// the reference-encoder tests.
/// </summary>
public class PrometheusRemoteWriteTests
{
    private const string Job = "vigil-rw-e2e";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    // No 2.0 case here: Debian's prometheus (2.42, what CI installs) cannot send 2.0, and a test that always
    // skips in CI proves nothing. The 2.0 path is covered against reference-encoded requests instead.
    [ProgramFact("prometheus")]
    public async Task Prometheus_remote_write_1_0_lands_in_the_head()
    {
        await using var server = await RemoteWriteServer.StartAsync();
        using var prometheus = PrometheusProcess.Start(port => $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1h
            scrape_configs:
              - job_name: {Job}
                static_configs:
                  - targets: ['127.0.0.1:{port}']
            remote_write:
              - url: {server.WriteUri}
                queue_config:
                  batch_send_deadline: 1s
                  min_backoff: 100ms
                  max_backoff: 1s
                metadata_config:
                  send: true
                  send_interval: 1s
            """);

        string instance = $"127.0.0.1:{prometheus.Port}";
        string up = $"{{__name__=\"up\", instance=\"{instance}\", job=\"{Job}\"}}";
        var started = DateTime.UtcNow;
        string state = "nothing received";
        while (!Arrived(server, up, out state))
        {
            Assert.False(prometheus.HasExited, $"prometheus exited:\n{prometheus.Output}");
            Assert.True(DateTime.UtcNow - started < Deadline, $"after {Deadline.TotalSeconds}s: {state}\nprometheus log:\n{prometheus.Output}");
            await Task.Delay(200);
        }

        var head = HeadContents.All(server.Head!);
        Assert.All(head[up], sample => Assert.Equal(BitConverter.DoubleToUInt64Bits(1.0), sample.Bits));
        var stats = server.Handler.Stats;
        Assert.True(stats.Requests(204) >= 2, $"204s: {stats.Requests(204)}");
        Assert.Equal(0, stats.Requests(400));
        Assert.Equal(0, stats.Requests(500));
        Assert.Equal(0, stats.InvalidLabelSeries);
        // 1.0 metadata comes in its own requests every send_interval.
        var metadata = server.Head!.Metadata["prometheus_build_info"];
        Assert.Equal(MetricType.Gauge, metadata.Type);
        Assert.StartsWith("A metric with a constant '1' value", metadata.Help, StringComparison.Ordinal);
    }

    /// <summary>up == 1 twice, a prometheus_* series with increasing timestamps, and metadata.</summary>
    private static bool Arrived(RemoteWriteServer server, string up, out string state)
    {
        var head = HeadContents.All(server.Head!);
        int upSamples = head.TryGetValue(up, out var samples) ? samples.Count : 0;
        var own = head.Where(kv => kv.Key.StartsWith("{__name__=\"prometheus_", StringComparison.Ordinal)).ToList();
        bool increasing = own.Any(kv => kv.Value.Count >= 2 && kv.Value.Zip(kv.Value.Skip(1)).All(p => p.First.T < p.Second.T));
        bool metadata = server.Head!.Metadata.ContainsKey("prometheus_build_info");
        state = $"{head.Count} series, {upSamples} samples of {up}, {own.Count} prometheus_* series (increasing: {increasing}), " +
            $"metadata: {metadata}, requests 204/400/500: {server.Handler.Stats.Requests(204)}/{server.Handler.Stats.Requests(400)}/{server.Handler.Stats.Requests(500)}";
        return upSamples >= 2 && increasing && metadata;
    }
}
