using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Collector.Exporters;
using Vigil.Collector.Pipeline;
using Vigil.Collector.Telemetry;
using Vigil.Configuration;
using Vigil.Core.Hosting;
using Vigil.Demo;
using Vigil.Metrics;

namespace Vigil.Hosting;

/// <summary>
/// Runs the stack: locks the data directory, starts the pipeline, then every door of the selected roles,
/// then the demo app; on stop, the reverse: not ready, demo stopped, doors drained (in-flight requests
/// finish), pipeline flushed, lock released. Start-up order follows VictoriaMetrics' main: storage before
/// the doors that write into it, so nothing is accepted that cannot be kept.
/// </summary>
internal sealed class VigilServer
{
    private readonly VigilConfig _config;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;

    public VigilServer(VigilConfig config, ILoggerFactory loggerFactory)
    {
        _config = config;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<VigilServer>();
    }

    /// <summary>The bound address of each door once started (ports chosen by the OS when configured as 0).</summary>
    public Dictionary<string, Uri> Addresses { get; } = new(StringComparer.Ordinal);

    public Readiness Readiness { get; } = new();

    /// <summary>Runs until <paramref name="stop"/> fires; returns the process exit code.</summary>
    public async Task<int> RunAsync(CancellationToken stop)
    {
        var roles = new RoleSet(_config.Roles);
        ServerLog.Starting(_logger, ThisAssembly.Version, roles.ToString(), Path.GetFullPath(_config.DataDir));

        using var dataDirectory = DataDirectory.Open(_config.DataDir);
        MetricsRole? metrics = null;
        Task storeOpening = Task.CompletedTask;
        if (roles.Metrics)
        {
            try
            {
                metrics = MetricsRole.Create(MetricsOptions.From(_config), _loggerFactory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new StartupException(CannotOpenStore(e));
            }
            // Blocks and WAL replay on their own thread while the doors below open (503 until ready), so the
            // runtime's and ASP.NET Core's start-up overlap the replay instead of preceding it.
            var role = metrics;
            storeOpening = Task.Run(role.OpenStore, CancellationToken.None);
        }

        // Process and runtime metrics are only served on the collector's metrics port; registering them costs
        // start-up time (prometheus-net's collectors are JIT-compiled), so skip them when that port stays closed.
        var telemetry = new CollectorTelemetry(includeProcessMetrics: roles.Collector && _config.Collector.Telemetry.Enabled);
        var exporters = new List<IExporter>();
        if (_config.Collector.DebugExporter.Enabled)
        {
            exporters.Add(new DebugExporter((DebugVerbosity)_config.Collector.DebugExporter.Verbosity, _loggerFactory.CreateLogger<DebugExporter>()));
        }
        if (metrics is not null)
        {
            exporters.Add(new MetricsStoreExporter(metrics));
        }
        var pipeline = new TelemetryPipeline(new PipelineOptions
        {
            SendBatchSize = _config.Collector.Batch.SendBatchSize,
            BatchTimeout = _config.Collector.Batch.Timeout,
            MemoryLimitBytes = _config.Collector.MemoryLimiter.Limit,
            RetryAfter = _config.Collector.MemoryLimiter.RetryAfter,
        }, exporters, telemetry, _loggerFactory.CreateLogger<TelemetryPipeline>());
        pipeline.Start();
        PosixSignalRegistration? hangup = null;

        var apps = new List<(Door Door, WebApplication App)>();
        DemoLauncher? demo = null;
        try
        {
            foreach (var door in Doors.For(_config, roles, pipeline, telemetry, Readiness, metrics))
            {
                var app = Build(door);
                try
                {
                    await app.StartAsync(stop).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or SocketException)
                {
                    await app.DisposeAsync().ConfigureAwait(false);
                    throw new StartupException($"cannot listen on {_config.ListenAddress}:{door.Port} for {door.Name} (role {door.Role}): {Reason(e)}");
                }
                apps.Add((door, app));
                var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
                Addresses[door.Name] = address;
                ServerLog.Listening(_logger, door.Name, door.Role, address.ToString());
            }

            if (metrics is not null)
            {
                try
                {
                    await storeOpening.ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new StartupException(CannotOpenStore(e));
                }
                // A stop signal during a long replay: do not start scraping, shut down below.
                stop.ThrowIfCancellationRequested();
                try
                {
                    await metrics.StartAsync(stop).ConfigureAwait(false);
                }
                catch (InvalidDataException e)
                {
                    throw new StartupException(e.Message, exitCode: 2);
                }
                // SIGHUP re-reads prometheus.yml, as it does for Prometheus; a bad file is logged and the old one stays.
                var role = metrics;
                hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
                {
                    context.Cancel = true;
                    _ = Task.Run(() => role.ReloadAsync());
                });
            }

            if (_config.Demo.Enabled)
            {
                int grpcPort = Addresses.TryGetValue("otlp-grpc", out var grpc) ? grpc.Port : _config.Collector.Otlp.Grpc.Port;
                demo = new DemoLauncher(_config.Demo, grpcPort, _loggerFactory.CreateLogger<DemoLauncher>());
                demo.Start();
            }

            Readiness.MarkReady();
            ServerLog.Ready(_logger, apps.Count);
            try
            {
                await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // A stop signal: shut down below.
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // A stop signal while starting (the doors listen during the replay, so this window is now seconds long).
        }
        finally
        {
            hangup?.Dispose();
            await ShutdownAsync(apps, pipeline, demo, metrics, storeOpening).ConfigureAwait(false);
        }
        return 0;
    }

    private async Task ShutdownAsync(List<(Door Door, WebApplication App)> apps, TelemetryPipeline pipeline, DemoLauncher? demo, MetricsRole? metrics,
        Task storeOpening)
    {
        Readiness.MarkStopping();
        ServerLog.Stopping(_logger, _config.ShutdownTimeout.TotalSeconds);
        using var deadline = new CancellationTokenSource(_config.ShutdownTimeout);
        if (demo is not null)
        {
            await demo.StopAsync(deadline.Token).ConfigureAwait(false);
        }
        // Stop accepting everywhere at once; each door lets its in-flight requests finish (until the deadline).
        await Task.WhenAll(apps.Select(a => a.App.StopAsync(deadline.Token))).ConfigureAwait(false);
        foreach (var (_, app) in apps)
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
        // Receivers are closed, so the queues only drain now.
        await pipeline.StopAsync(deadline.Token).ConfigureAwait(false);
        // Stores last: the pipeline's final batches were written into them.
        if (metrics is not null)
        {
            // A start that failed elsewhere may find the replay still running: let it finish before closing the store.
            try
            {
                await storeOpening.ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                // Already reported as the start-up failure.
            }
            await metrics.DisposeAsync().ConfigureAwait(false);
        }
        ServerLog.Stopped(_logger);
    }

    private WebApplication Build(Door door)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "vigil" });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Receivers enforce their own, configurable body limits with the upstream error shapes.
            kestrel.Limits.MaxRequestBodySize = null;
            var address = _config.ListenAddress == "localhost" ? IPAddress.Loopback : IPAddress.Parse(_config.ListenAddress);
            kestrel.Listen(address, door.Port, listen => listen.Protocols = door.Protocols);
        });
        builder.Services.AddSingleton(_loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddSingleton<IHostLifetime, NoopHostLifetime>();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = _config.ShutdownTimeout);
        door.ConfigureServices(builder);
        var app = builder.Build();
        door.ConfigureApp(app);
        return app;
    }

    private string CannotOpenStore(Exception e) => $"cannot open the metrics store in {Path.Combine(_config.DataDir, "metrics")}: {e.Message}";

    private static string Reason(Exception e) => e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
        || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
        ? "address already in use"
        : e.InnerException?.Message ?? e.Message;
}

internal static class ThisAssembly
{
    public static string Version { get; } =
        (typeof(ThisAssembly).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .FirstOrDefault() as System.Reflection.AssemblyInformationalVersionAttribute)?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}

internal static partial class ServerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Starting Vigil {Version}")]
    public static partial void Starting(ILogger logger, string version, string roles, string dataDir);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Listening")]
    public static partial void Listening(ILogger logger, string door, string role, string address);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Vigil is ready")]
    public static partial void Ready(ILogger logger, int listeners);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Shutting down")]
    public static partial void Stopping(ILogger logger, double timeoutSeconds);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Stopped")]
    public static partial void Stopped(ILogger logger);
}
