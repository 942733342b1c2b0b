using System.Diagnostics;
using GreenhouseApp.Hosting;
using GreenhouseApp.Telemetry;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace GreenhouseApp.Traffic;

/// <summary>
/// Visits the app's own endpoints over real HTTP, so telemetry flows with nobody clicking. It waits
/// for the server to start, reads the address Kestrel actually bound (which may be a port chosen by
/// the OS), then starts a visit every jittered interval without waiting for the last one, so a slow
/// answer does not slow the rate. Each visit is a root span with the client and server spans under it.
/// </summary>
internal sealed partial class TrafficGenerator(
    IServer server,
    IHostApplicationLifetime lifetime,
    IHttpClientFactory httpClientFactory,
    GreenhouseOptions options,
    ILogger<TrafficGenerator> logger) : BackgroundService
{
    public const string HttpClientName = "traffic";

    /// <summary>Visits allowed in flight at once; beyond it a tick is skipped, so a stalled server is not piled on.</summary>
    private const int MaxInFlight = 16;

    protected override async Task ExecuteAsync(CancellationToken hostStopping)
    {
        // The host stops the web server before this service, so stop visiting as soon as shutdown
        // begins, or the last visits would hit a closed port.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(hostStopping, lifetime.ApplicationStopping);
        var stoppingToken = stopping.Token;
        if (!await lifetime.WaitForStartAsync(stoppingToken))
        {
            return;
        }
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var baseAddress = SelfAddress.Pick(addresses);
        if (baseAddress is null)
        {
            LogNoAddress(logger, string.Join(", ", addresses));
            return;
        }
        using var client = httpClientFactory.CreateClient(HttpClientName);
        client.BaseAddress = baseAddress;
        LogStarted(logger, baseAddress, (int)options.TrafficInterval.TotalMilliseconds);

        // Seeded apart from the simulation, so the visits do not shift the sensors' random walk.
        var random = new Random(options.Seed + 1);
        var inFlight = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(options.TrafficInterval * (0.6 + 0.8 * random.NextDouble()), stoppingToken);
                inFlight.RemoveAll(t => t.IsCompleted);
                if (inFlight.Count < MaxInFlight)
                {
                    var scenario = TrafficScenarios.Pick(random);
                    inFlight.Add(VisitAsync(client, scenario, scenario.CreateRequest(random), stoppingToken));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        // The visits end on the same token; wait so the HttpClient outlives them.
        await Task.WhenAll(inFlight);
    }

    /// <summary>One visit; never throws, since nobody awaits it until shutdown.</summary>
    private async Task VisitAsync(HttpClient client, TrafficScenario scenario, HttpRequestMessage request, CancellationToken stoppingToken)
    {
        // Yield first, so the loop's thread goes back to timing the next visit.
        await Task.Yield();
        using var span = GreenhouseTelemetry.Source.StartActivity("traffic.visit");
        span?.SetTag("traffic.scenario", scenario.Name);
        using var scope = logger.BeginScope(new KeyValuePair<string, object?>[] { new("traffic.scenario", scenario.Name) });
        try
        {
            using (request)
            using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, stoppingToken))
            {
                LogVisit(logger, scenario.Name, request.Method.Method, request.RequestUri, (int)response.StatusCode);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // Timeouts and refused connections: worth a line, not a crash.
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            LogVisitFailed(logger, scenario.Name, request.RequestUri, ex.Message);
        }
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Traffic generator calling {BaseAddress} about every {IntervalMs} ms")]
    private static partial void LogStarted(ILogger logger, Uri baseAddress, int intervalMs);

    [LoggerMessage(EventId = 401, Level = LogLevel.Debug, Message = "Visit {Scenario}: {Method} {Path} -> {Status}")]
    private static partial void LogVisit(ILogger logger, string scenario, string method, Uri? path, int status);

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "Visit {Scenario} to {Path} failed: {Reason}")]
    private static partial void LogVisitFailed(ILogger logger, string scenario, Uri? path, string reason);

    [LoggerMessage(EventId = 403, Level = LogLevel.Warning,
        Message = "Traffic generator found no http address to call among [{Addresses}]; it stays idle")]
    private static partial void LogNoAddress(ILogger logger, string addresses);
}
