using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Vigil.Tests.Support;

/// <summary>
/// The real vigil program as a child process (dotnet vigil.dll), every port 0 unless a test says
/// otherwise, its own data directory, logfmt logs on stderr. Addresses are read from the "Listening"
/// log lines; readiness from "Vigil is ready". Disposing kills it and deletes the data directory.
/// </summary>
internal sealed partial class VigilProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _ownsDataDir;

    private VigilProcess(Process process, string dataDir, bool ownsDataDir)
    {
        _process = process;
        DataDir = dataDir;
        _ownsDataDir = ownsDataDir;
    }

    public string DataDir { get; }

    public Dictionary<string, Uri> Addresses { get; } = new(StringComparer.Ordinal);

    public Process Process => _process;

    public string Output => string.Join('\n', _lines);

    public static readonly string[] AllPortsZero =
    [
        "--otlp-grpc-port", "0", "--otlp-http-port", "0", "--collector-metrics-port", "0", "--prometheus-port", "0",
        "--loki-port", "0", "--tempo-port", "0", "--ui-port", "0", "--listen-address", "127.0.0.1",
    ];

    /// <summary>Starts vigil with the given arguments; adds --data-dir, --no-demo and port-0 flags unless present.</summary>
    public static VigilProcess Start(IEnumerable<string> args, string? dataDir = null, IDictionary<string, string>? environment = null,
        bool defaults = true)
    {
        bool owns = dataDir is null;
        dataDir ??= Path.Combine(Path.GetTempPath(), "vigil-test-" + Guid.NewGuid().ToString("N"));
        var argList = new List<string> { RepoPaths.VigilDll };
        var given = args.ToList();
        if (defaults)
        {
            argList.AddRange(AllPortsZero);
            argList.AddRange(["--data-dir", dataDir, "--log-format", "logfmt"]);
            if (!given.Contains("--demo")) argList.Add("--no-demo");
            if (!given.Contains("--config")) argList.AddRange(["--config", Path.Combine(RepoPaths.Root, "tests", "Vigil.Tests", "Support", "test-config.yaml")]);
        }
        argList.AddRange(given);
        var start = new ProcessStartInfo("dotnet", argList)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("VIGIL_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }
        if (environment is not null)
        {
            foreach (var (k, v) in environment) start.Environment[k] = v;
        }
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var vigil = new VigilProcess(process, dataDir, owns);
        process.ErrorDataReceived += (_, e) => vigil.OnLine(e.Data);
        process.OutputDataReceived += (_, e) => vigil.OnLine(e.Data);
        process.Exited += (_, _) => vigil._ready.TrySetException(new InvalidOperationException("vigil exited before it was ready:\n" + vigil.Output));
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return vigil;
    }

    public static async Task<VigilProcess> StartReadyAsync(IEnumerable<string>? args = null, IDictionary<string, string>? environment = null)
    {
        var vigil = Start(args ?? [], environment: environment);
        await vigil.WaitReadyAsync();
        return vigil;
    }

    public async Task WaitReadyAsync(TimeSpan? timeout = null)
    {
        try
        {
            await _ready.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("vigil did not become ready:\n" + Output);
        }
    }

    /// <summary>Waits for exit and returns the exit code and everything it printed.</summary>
    public async Task<(int ExitCode, string Output)> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit(); // drains the redirected streams
        return (_process.ExitCode, Output);
    }

    public Uri Address(string door) => Addresses.TryGetValue(door, out var uri) ? uri : throw new KeyNotFoundException($"no door {door}; output:\n{Output}");

    public void Signal(int signal) => Kill(_process.Id, signal);

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        _lines.Enqueue(line);
        var listening = ListeningLine().Match(line);
        if (listening.Success)
        {
            lock (Addresses)
            {
                Addresses[listening.Groups["door"].Value] = new Uri(listening.Groups["address"].Value.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
            }
        }
        if (line.Contains("msg=\"Vigil is ready\"", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (_ownsDataDir)
        {
            try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    [GeneratedRegex("msg=Listening door=(?<door>[a-z-]+) role=[a-z]+ address=(?<address>\\S+)")]
    private static partial Regex ListeningLine();

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
