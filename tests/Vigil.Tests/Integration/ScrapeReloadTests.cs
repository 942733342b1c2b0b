using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Tests.Support;

namespace Vigil.Tests.Integration;

/// <summary>
/// A user's journey 3 in the real program: expose /metrics, add a job to prometheus.yml, reload, see it
/// scraped; a target serving garbage is down with its error; a broken prometheus.yml is refused on reload
/// (the running one stays) and at start (exit 2).
/// </summary>
public class ScrapeReloadTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private static async Task<(WebApplication App, Uri Url)> StartTargetAsync(string body, string contentType)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRouting();
        var app = builder.Build();
        app.MapGet("/metrics", context =>
        {
            context.Response.ContentType = contentType;
            return context.Response.WriteAsync(body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address));
    }

    private static string Job(string name, Uri target) => $"""
          - job_name: {name}
            scrape_interval: 1s
            scrape_timeout: 1s
            static_configs:
              - targets: ["{target.Authority}"]

        """;

    private static async Task<JsonElement> WaitForTarget(Uri prometheus, string job, string health)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = await Http.GetStringAsync(new Uri(prometheus, "/api/v1/targets?state=active"));
            using var doc = JsonDocument.Parse(last);
            foreach (var t in doc.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray())
                if (t.GetProperty("scrapePool").GetString() == job && t.GetProperty("health").GetString() == health) return t.Clone();
            await Task.Delay(100);
        }
        throw new TimeoutException($"job {job} never became {health}: {last}");
    }

    [Fact]
    public async Task A_job_added_and_reloaded_is_scraped_and_garbage_targets_are_down()
    {
        var (good, goodUrl) = await StartTargetAsync("# TYPE plants_watered_total counter\nplants_watered_total{bed=\"a\"} 42\n", "text/plain; version=0.0.4");
        var (bad, badUrl) = await StartTargetAsync("this is { not metrics\n", "text/plain; version=0.0.4");
        string config = Path.Combine(Path.GetTempPath(), "vigil-prom-" + Guid.NewGuid().ToString("N") + ".yml");
        try
        {
            await File.WriteAllTextAsync(config, "global:\n  scrape_interval: 1s\nscrape_configs:\n" + Job("garden", goodUrl));
            await using var vigil = await VigilProcess.StartReadyAsync(["--role", "metrics", "--config.file", config]);
            var prometheus = vigil.Address("prometheus");
            var up = await WaitForTarget(prometheus, "garden", "up");
            Assert.Equal("", up.GetProperty("lastError").GetString());
            Assert.Equal(goodUrl.Authority, up.GetProperty("labels").GetProperty("instance").GetString());

            // Add a job whose target answers garbage; reload over HTTP.
            await File.WriteAllTextAsync(config, "global:\n  scrape_interval: 1s\nscrape_configs:\n" + Job("garden", goodUrl) + Job("broken", badUrl));
            using (var reload = await Http.PostAsync(new Uri(prometheus, "/-/reload"), null))
                Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
            var down = await WaitForTarget(prometheus, "broken", "down");
            Assert.Contains("parsing", down.GetProperty("lastError").GetString(), StringComparison.Ordinal);

            // A broken file is refused; the jobs in force keep running.
            await File.WriteAllTextAsync(config, "scrape_configs:\n  - job_name: x\n    scrape_intervall: 5s\n");
            using (var reload = await Http.PostAsync(new Uri(prometheus, "/-/reload"), null))
            {
                Assert.Equal(HttpStatusCode.InternalServerError, reload.StatusCode);
                Assert.StartsWith("failed to reload config: ", await reload.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            await WaitForTarget(prometheus, "garden", "up");
            using (var get = await Http.GetAsync(new Uri(prometheus, "/-/reload")))
                Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);

            // SIGHUP reloads too: back to only the good job.
            await File.WriteAllTextAsync(config, "global:\n  scrape_interval: 1s\nscrape_configs:\n" + Job("garden", goodUrl));
            vigil.Signal(1);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (DateTime.UtcNow < deadline && (await Http.GetStringAsync(new Uri(prometheus, "/api/v1/targets"))).Contains("\"broken\"", StringComparison.Ordinal))
                await Task.Delay(100);
            Assert.DoesNotContain("\"broken\"", await Http.GetStringAsync(new Uri(prometheus, "/api/v1/targets")), StringComparison.Ordinal);
            string self = await Http.GetStringAsync(new Uri(prometheus, "/metrics"));
            Assert.Equal(1, MetricsText.Value(self, "vigil_scrape_targets_up", ""));
        }
        finally
        {
            await good.DisposeAsync();
            await bad.DisposeAsync();
            File.Delete(config);
        }
    }

    [Fact]
    public async Task A_broken_prometheus_yml_stops_the_start_with_exit_code_2()
    {
        string config = Path.Combine(Path.GetTempPath(), "vigil-prom-" + Guid.NewGuid().ToString("N") + ".yml");
        await File.WriteAllTextAsync(config, "scrape_configs:\n  - job_name: a\n  - job_name: a\n");
        try
        {
            await using var vigil = VigilProcess.Start(["--role", "metrics", "--config.file", config]);
            var (code, output) = await vigil.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(2, code);
            Assert.Contains("a", output, StringComparison.Ordinal);
            Assert.Contains("couldn't load configuration", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(config);
        }
    }
}
