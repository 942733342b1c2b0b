using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace GreenhouseApp.Tests.Process;

/// <summary>The HTTP surface and shutdown, on the built app in a child process, with chaos and traffic off.</summary>
public class AppProcessTests
{
    /// <summary>Chaos and traffic off, so every count below is exact.</summary>
    internal static readonly Dictionary<string, string> Quiet = new()
    {
        ["GREENHOUSE_TRAFFIC"] = "false",
        ["GREENHOUSE_FAILURE_RATE"] = "0",
        ["GREENHOUSE_SLOW_RATE"] = "0",
    };

    [Fact]
    public async Task Serves_readings_counts_requests_and_exits_0_on_SIGTERM()
    {
        await using var app = await GreenhouseProcess.StartAsync(Quiet);

        for (int i = 0; i < 3; i++)
        {
            using var readings = await app.Client.GetAsync("/api/readings");
            Assert.Equal(HttpStatusCode.OK, readings.StatusCode);
            var body = await readings.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(9, body.GetArrayLength());
            Assert.Contains(body.EnumerateArray(), r => r.GetProperty("sensor").GetString() == "north-temperature" && r.GetProperty("unit").GetString() == "Cel");
        }
        using (var unknown = await app.Client.GetAsync("/api/readings/north-pressure"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
        using (var bad = await app.Client.PostAsJsonAsync("/api/water", new { zone = "north", liters = -1 }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }
        using (var water = await app.Client.PostAsync("/api/water?zone=north&liters=2", null))
        {
            Assert.Equal(HttpStatusCode.OK, water.StatusCode);
            var body = await water.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(body.GetProperty("soilMoistureAfter").GetDouble() > body.GetProperty("soilMoistureBefore").GetDouble());
        }
        Assert.Equal("ok", await app.Client.GetStringAsync("/healthz"));

        using var metrics = await app.Client.GetAsync("/metrics");
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", metrics.Content.Headers.ContentType?.ToString());
        string text = await metrics.Content.ReadAsStringAsync();
        // Counted by route template, not raw path, so an unknown sensor does not make a new series.
        Assert.Contains("app_requests_total{method=\"GET\",route=\"/api/readings\",status=\"200\"} 3", text);
        Assert.Contains("app_requests_total{method=\"GET\",route=\"/api/readings/{sensor}\",status=\"404\"} 1", text);
        Assert.Contains("app_requests_total{method=\"POST\",route=\"/api/water\",status=\"400\"} 1", text);
        Assert.Contains("app_requests_total{method=\"POST\",route=\"/api/water\",status=\"200\"} 1", text);
        Assert.Contains("app_request_duration_seconds_count{method=\"GET\",route=\"/api/readings\"} 3", text);
        Assert.Contains("greenhouse_sensor_temperature_celsius{zone=\"north\"}", text);

        var (exitCode, took) = await app.TerminateAsync(TimeSpan.FromSeconds(8));
        Assert.True(exitCode == 0, $"exit code {exitCode}\n{app.Output}");
        Assert.True(took < TimeSpan.FromSeconds(5), $"shutdown took {took}\n{app.Output}");
    }
}
