using Vigil.Tests.Support;

namespace Vigil.Tests.Integration;

/// <summary>
/// "Done means" of the host issue: Vigil starts the demo app as part of the stack, and the demo's OTLP
/// traces, metrics and logs are counted on the collector metrics port; its /metrics serves app_requests_total.
/// </summary>
public sealed class DemoAppTests
{
    [Fact]
    public async Task The_demo_app_started_by_vigil_sends_all_three_signals()
    {
        Assert.True(File.Exists(RepoPaths.DemoDll), $"demo app not built at {RepoPaths.DemoDll} (dotnet build builds it with src/Vigil)");
        await using var vigil = await VigilProcess.StartReadyAsync([
            "--demo", "--demo-port", "0", "--demo.path", RepoPaths.DemoDll,
            "--demo.export_interval", "500ms", "--demo.traffic_interval", "100ms",
        ]);
        using var http = new HttpClient();
        string labels = "receiver=\"otlp\",transport=\"grpc\"";
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string text = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            text = await MetricsText.ScrapeAsync(http, vigil.Address("collector-metrics"));
            if (MetricsText.Value(text, "otelcol_receiver_accepted_spans_total", labels) > 0
                && MetricsText.Value(text, "otelcol_receiver_accepted_metric_points_total", labels) > 0
                && MetricsText.Value(text, "otelcol_receiver_accepted_log_records_total", labels) > 0)
            {
                break;
            }
            await Task.Delay(250);
        }
        Assert.True(MetricsText.Value(text, "otelcol_receiver_accepted_spans_total", labels) > 0, "no spans from the demo\n" + vigil.Output);
        Assert.True(MetricsText.Value(text, "otelcol_receiver_accepted_metric_points_total", labels) > 0, "no metric points from the demo");
        Assert.True(MetricsText.Value(text, "otelcol_receiver_accepted_log_records_total", labels) > 0, "no log records from the demo");
        Assert.Contains("msg=\"Demo app started\"", vigil.Output, StringComparison.Ordinal);
    }
}
