using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace GreenhouseApp.Telemetry;

/// <summary>
/// Flushes and shuts the SDK down with a short deadline once the host has stopped. Left to the
/// container, each provider would wait up to 5 s on Dispose, and an exporter retrying an unreachable
/// collector would hold up a SIGTERM for 15 s. Runs in StoppedAsync, after the server has drained its
/// last requests, so their spans and logs are in the final batch.
/// </summary>
internal sealed class TelemetryFlusher(IServiceProvider services) : IHostedLifecycleService
{
    /// <summary>Time each signal gets to send what it holds; the three flush side by side.</summary>
    private const int FlushTimeoutMs = 2000;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        BaseProvider?[] providers =
        [
            services.GetService<TracerProvider>(),
            services.GetService<MeterProvider>(),
            services.GetService<LoggerProvider>(),
        ];
        // Shutdown blocks; run the three at once so the total stays near one timeout. Each on its own
        // thread (LongRunning): the exporters complete their sends on the thread pool, and three pool
        // threads blocked here starved it on a two-core machine (~0.9 s per shutdown instead of ~0.1 s).
        return Task.WhenAll(providers.Select(p => Task.Factory.StartNew(
            () => Shutdown(p), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));
    }

    private static void Shutdown(BaseProvider? provider)
    {
        switch (provider)
        {
            case TracerProvider tracer:
                tracer.Shutdown(FlushTimeoutMs);
                break;
            case MeterProvider meter:
                meter.Shutdown(FlushTimeoutMs);
                break;
            case LoggerProvider logger:
                logger.Shutdown(FlushTimeoutMs);
                break;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
