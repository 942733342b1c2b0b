using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Vigil.Tests.Support;

namespace Vigil.Tests.Integration;

/// <summary>The program as users run it: listeners, health endpoints, roles, exit codes, locking and shutdown.</summary>
public sealed class LifecycleTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(20) };

    [Fact]
    public async Task All_seven_listeners_answer_their_health_endpoints_and_upstream_404s()
    {
        await using var vigil = await VigilProcess.StartReadyAsync();
        Assert.Equal(["collector-metrics", "loki", "otlp-grpc", "otlp-http", "prometheus", "tempo", "ui"], vigil.Addresses.Keys.Order());

        async Task Expect(string door, string path, HttpStatusCode status, string? body = null)
        {
            using var response = await Http.GetAsync(new Uri(vigil.Address(door), path));
            Assert.Equal(status, response.StatusCode);
            if (body is not null) Assert.Equal(body, await response.Content.ReadAsStringAsync());
        }

        await Expect("prometheus", "/-/healthy", HttpStatusCode.OK, "Prometheus Server is Healthy.\n");
        await Expect("prometheus", "/-/ready", HttpStatusCode.OK, "Prometheus Server is Ready.\n");
        await Expect("prometheus", "/api/v1/not-yet", HttpStatusCode.NotFound, "404 page not found\n");
        await Expect("loki", "/ready", HttpStatusCode.OK, "ready\n");
        await Expect("loki", "/loki/api/v1/nothing", HttpStatusCode.NotFound, "404 page not found\n");
        await Expect("tempo", "/ready", HttpStatusCode.OK, "ready");
        await Expect("tempo", "/api/echo", HttpStatusCode.OK, "echo");
        await Expect("tempo", "/api/nothing", HttpStatusCode.NotFound, "404 page not found\n");
        await Expect("ui", "/api/nothing", HttpStatusCode.NotFound, "{\"message\":\"Not found\"}");
        await Expect("collector-metrics", "/nothing", HttpStatusCode.NotFound, "404 page not found\n");

        using var health = await Http.GetAsync(new Uri(vigil.Address("ui"), "/api/health"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("\"database\":\"ok\"", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var metrics = await Http.GetAsync(new Uri(vigil.Address("collector-metrics"), "/metrics"));
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", metrics.Content.Headers.ContentType?.ToString());
        string text = await metrics.Content.ReadAsStringAsync();
        Assert.Contains("otelcol_receiver_accepted_spans_total{receiver=\"otlp\",transport=\"grpc\"} 0", text, StringComparison.Ordinal);
        Assert.Contains("process_cpu_seconds_total", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_collection_count_total", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Role_selects_the_listeners()
    {
        await using var vigil = await VigilProcess.StartReadyAsync(["--role", "metrics,traces"]);
        Assert.Equal(["prometheus", "tempo"], vigil.Addresses.Keys.Order());
    }

    [Fact]
    public async Task Sigterm_during_ingestion_exits_0_in_bounded_time()
    {
        var vigil = await VigilProcess.StartReadyAsync();
        await using var _ = vigil;
        var url = new Uri(vigil.Address("otlp-http"), "/v1/traces");
        var body = Payloads.TracesProtobuf(50);
        using var stopSending = new CancellationTokenSource();
        int sent = 0;
        var senders = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stopSending.IsCancellationRequested)
            {
                try
                {
                    var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                    using var response = await Http.PostAsync(url, content, stopSending.Token);
                    if (response.IsSuccessStatusCode) Interlocked.Increment(ref sent);
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                {
                    // The server is going away; that is the point.
                }
            }
        })).ToArray();
        while (Volatile.Read(ref sent) < 20)
        {
            await Task.Delay(10);
        }

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        vigil.Signal(15);
        var (code, output) = await vigil.WaitForExitAsync(TimeSpan.FromSeconds(20));
        stopwatch.Stop();
        await stopSending.CancelAsync();
        await Task.WhenAll(senders);

        Assert.True(code == 0, "exit code " + code + "\n" + output);
        Assert.Contains("msg=\"Received SIGTERM, shutting down gracefully\"", output, StringComparison.Ordinal);
        Assert.Contains("msg=Stopped", output, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"shutdown took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task A_second_vigil_on_the_same_data_directory_refuses_to_start()
    {
        await using var first = await VigilProcess.StartReadyAsync();
        await using var second = VigilProcess.Start([], dataDir: first.DataDir);
        var (code, output) = await second.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, code);
        Assert.Contains($"is in use by another Vigil process (pid {first.Process.Id})", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_stops_start_up_naming_port_and_listener()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        int port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        await using var vigil = VigilProcess.Start(["--prometheus-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var (code, output) = await vigil.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, code);
        Assert.Contains($"cannot listen on 127.0.0.1:{port} for prometheus (role metrics): address already in use", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal); // no stack trace for an expected error
    }

    [Fact]
    public async Task A_data_directory_that_cannot_be_created_is_a_clear_error()
    {
        string file = Path.GetTempFileName();
        try
        {
            await using var vigil = VigilProcess.Start(["--data-dir", Path.Combine(file, "data")]);
            var (code, output) = await vigil.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(1, code);
            Assert.Contains("cannot create data directory", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_bad_config_exits_2_naming_file_line_and_key()
    {
        string file = Path.Combine(Path.GetTempPath(), $"vigil-bad-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, "metrics:\n  port: 9090\ncolector:\n  batch: {}\n");
        try
        {
            await using var vigil = VigilProcess.Start(["--config", file]);
            var (code, output) = await vigil.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(2, code);
            Assert.Contains($"{file}:3:1: colector: unknown key \"colector\" at the top level (did you mean \"collector\"?)", output, StringComparison.Ordinal);

            await using var check = VigilProcess.Start(["check-config", file], defaults: false);
            (code, output) = await check.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(2, code);
            Assert.Contains("colector", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Check_config_accepts_the_shipped_config()
    {
        await using var check = VigilProcess.Start(["check-config", "config/vigil.yaml"], defaults: false);
        var (code, output) = await check.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(code == 0, output);
        Assert.Contains("config/vigil.yaml: valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_flag_and_bad_environment_exit_2()
    {
        await using (var vigil = VigilProcess.Start(["--prometheus-port", "http"]))
        {
            var (code, output) = await vigil.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(2, code);
            Assert.Contains("flag --prometheus-port: metrics.port: expected an integer, got \"http\"", output, StringComparison.Ordinal);
        }
        await using (var vigil = VigilProcess.Start([], environment: new Dictionary<string, string> { ["VIGIL_LOG__LEVEL"] = "loud" }))
        {
            var (code, output) = await vigil.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(2, code);
            Assert.Contains("environment variable VIGIL_LOG__LEVEL: log.level: expected one of debug, info, warn, error", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Help_and_version()
    {
        await using (var help = VigilProcess.Start(["--help"], defaults: false))
        {
            var (code, output) = await help.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, code);
            Assert.Contains("vigil check-config FILE", output, StringComparison.Ordinal);
        }
        await using (var version = VigilProcess.Start(["--version"], defaults: false))
        {
            var (code, output) = await version.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, code);
            Assert.StartsWith("vigil version ", output, StringComparison.Ordinal);
        }
    }
}
