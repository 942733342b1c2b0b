using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Vigil.Configuration;

namespace Vigil.Demo;

/// <summary>
/// Starts the greenhouse demo app as a child process, as the seed's compose file ran it as a container.
/// It talks to Vigil only over the network: OTLP to this Vigil's gRPC port, and /metrics on its own port
/// for the scraper. Its output goes to Vigil's log (debug level; warnings and errors as such). If it exits
/// on its own it is restarted after a pause; on shutdown it gets SIGTERM, then SIGKILL after 5 seconds.
/// It also watches GREENHOUSE_PARENT_PID and exits if Vigil dies without stopping it (SIGKILL).
/// </summary>
internal sealed partial class DemoLauncher
{
    private readonly DemoConfig _config;
    private readonly int _otlpGrpcPort;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Process? _process;
    private Task _supervisor = Task.CompletedTask;

    public DemoLauncher(DemoConfig config, int otlpGrpcPort, ILogger<DemoLauncher> logger)
    {
        _config = config;
        _otlpGrpcPort = otlpGrpcPort;
        _logger = logger;
    }

    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "demo", "greenhouse-app", "greenhouse-app.dll");

    public void Start()
    {
        string path = _config.Path.Length > 0 ? Path.GetFullPath(_config.Path) : DefaultPath;
        if (!File.Exists(path))
        {
            DemoLog.Missing(_logger, path);
            return;
        }
        _supervisor = Task.Run(() => SuperviseAsync(path));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        var process = _process;
        if (process is not null && !process.HasExited)
        {
            _ = SysKill(process.Id, 15); // SIGTERM: the app flushes its telemetry and exits
            using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            grace.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        try
        {
            await _supervisor.WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The supervisor only waits on the process; nothing is lost by not waiting longer.
        }
    }

    private async Task SuperviseAsync(string path)
    {
        var backoff = TimeSpan.FromSeconds(2);
        while (!_stopping.IsCancellationRequested)
        {
            var process = Launch(path);
            _process = process;
            DemoLog.Started(_logger, process.Id, _config.Port, _otlpGrpcPort);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            if (_stopping.IsCancellationRequested)
            {
                break;
            }
            DemoLog.Exited(_logger, process.ExitCode, backoff.TotalSeconds);
            try
            {
                await Task.Delay(backoff, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            backoff = TimeSpan.FromSeconds(Math.Min(60, backoff.TotalSeconds * 2));
        }
    }

    private Process Launch(string path)
    {
        var start = new ProcessStartInfo(DotnetHost(), [path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(path)!,
        };
        string interval = ((long)_config.ExportInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        start.Environment["GREENHOUSE_PORT"] = _config.Port.ToString(CultureInfo.InvariantCulture);
        start.Environment["GREENHOUSE_TRAFFIC_INTERVAL_MS"] = ((long)_config.TrafficInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        start.Environment["GREENHOUSE_PARENT_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        start.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{_otlpGrpcPort}";
        start.Environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc";
        start.Environment["OTEL_BSP_SCHEDULE_DELAY"] = interval;
        start.Environment["OTEL_BLRP_SCHEDULE_DELAY"] = interval;
        start.Environment["OTEL_METRIC_EXPORT_INTERVAL"] = interval;
        start.Environment.Remove("ASPNETCORE_URLS");
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// The demo's console output is for debugging only (its simulated failures print stack traces on
    /// purpose); its telemetry reaches Vigil over OTLP like any app's.
    /// </summary>
    private void Forward(string? line)
    {
        if (!string.IsNullOrEmpty(line))
        {
            DemoLog.Output(_logger, line);
        }
    }

    /// <summary>The dotnet host that runs Vigil itself (the shared runtime sits three folders below it).</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }
        string runtimeDir = RuntimeEnvironment.GetRuntimeDirectory();
        string candidate = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", "..", "dotnet"));
        return File.Exists(candidate) ? candidate : "dotnet";
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);
}

internal static partial class DemoLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Demo app started")]
    public static partial void Started(ILogger logger, int pid, int port, int otlpPort);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Demo app exited; restarting")]
    public static partial void Exited(ILogger logger, int exitCode, double restartInSeconds);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Demo app not found; build it with dotnet build, or set demo.path, or demo.enabled: false")]
    public static partial void Missing(ILogger logger, string path);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug, Message = "{Line}")]
    public static partial void Output(ILogger logger, string line);

}
