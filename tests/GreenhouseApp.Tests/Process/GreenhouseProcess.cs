using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace GreenhouseApp.Tests.Process;

/// <summary>
/// The built app run as Vigil runs it: <c>dotnet greenhouse-app.dll</c> in a child process, configured
/// by environment variables, on a port the OS picks (GREENHOUSE_PORT=0), exporting OTLP to a closed
/// port. The address comes from Kestrel's "Now listening on" line. Disposing kills what is left.
/// </summary>
internal sealed partial class GreenhouseProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly System.Diagnostics.Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GreenhouseProcess(System.Diagnostics.Process process) => _process = process;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Everything the app wrote so far, for assertion messages.</summary>
    public string Output => string.Join('\n', _output);

    public static async Task<GreenhouseProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "greenhouse-app.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { dll },
            // Elsewhere on purpose: the app must find its appsettings.json beside the dll, as under Vigil.
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment["GREENHOUSE_PORT"] = "0";
        start.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{ClosedPort()}";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var app = new GreenhouseProcess(new System.Diagnostics.Process { StartInfo = start });
        app._process.OutputDataReceived += (_, e) => app.OnLine(e.Data);
        app._process.ErrorDataReceived += (_, e) => app.OnLine(e.Data);
        app._process.Start();
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();

        var exited = app._process.WaitForExitAsync();
        var first = await Task.WhenAny(app._listening.Task, exited).WaitAsync(StartTimeout);
        if (first != app._listening.Task)
        {
            throw new InvalidOperationException($"greenhouse-app exited with {app._process.ExitCode} before listening:\n{app.Output}");
        }
        app.BaseAddress = await app._listening.Task;
        app.Client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        return app;
    }

    /// <summary>Sends SIGTERM, as Vigil (or systemd, or docker stop) does, and waits for the exit.</summary>
    public async Task<(int ExitCode, TimeSpan Took)> TerminateAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        if (Kill(_process.Id, Sigterm) != 0)
        {
            throw new InvalidOperationException($"kill failed: errno {Marshal.GetLastPInvokeError()}");
        }
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return (_process.ExitCode, watch.Elapsed);
    }

    /// <summary>Waits for the app to exit on its own.</summary>
    public async Task<(int ExitCode, TimeSpan Took)> WaitForExitAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return (_process.ExitCode, watch.Elapsed);
    }

    /// <summary>Polls until <paramref name="condition"/> holds for the /metrics text, or fails after the timeout.</summary>
    public async Task<string> WaitForMetricsAsync(Func<string, bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        string text = "";
        while (deadline.Elapsed < timeout)
        {
            text = await Client.GetStringAsync("/metrics");
            if (condition(text))
            {
                return text;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"/metrics never matched within {timeout}; last:\n{text}\noutput:\n{Output}");
    }

    /// <summary>Polls the app's output for a line containing <paramref name="text"/> (the console logger writes in the background).</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"the output never showed '{text}' within {timeout}:\n{Output}");
            }
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        if (ListeningLine().Match(line) is { Success: true } m)
        {
            // 0.0.0.0 is where it listens, not where to call.
            _listening.TrySetResult(new Uri(m.Groups[1].Value.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)));
        }
    }

    /// <summary>A port nothing listens on: bound by us a moment, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();

    private const int Sigterm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
