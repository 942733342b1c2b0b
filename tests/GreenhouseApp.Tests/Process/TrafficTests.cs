namespace GreenhouseApp.Tests.Process;

public class TrafficTests
{
    [Fact]
    public async Task The_traffic_generator_finds_the_port_the_OS_picked()
    {
        await using var app = await GreenhouseProcess.StartAsync(new Dictionary<string, string>
        {
            ["GREENHOUSE_TRAFFIC_INTERVAL_MS"] = "20",
            ["GREENHOUSE_SLOW_RATE"] = "0",
        });

        // We only ever ask for /metrics; any other route counted came from the generator.
        await app.WaitForMetricsAsync(
            text => text.Split('\n').Count(l => l.StartsWith("app_requests_total{", StringComparison.Ordinal) && !l.Contains("route=\"/metrics\"")) >= 3,
            TimeSpan.FromSeconds(8));

        var (exitCode, _) = await app.TerminateAsync(TimeSpan.FromSeconds(8));
        Assert.True(exitCode == 0, $"exit code {exitCode}\n{app.Output}");
        // It stops before the server does, so no visit runs into a closed port.
        Assert.DoesNotContain("Connection refused", app.Output);
    }
}
