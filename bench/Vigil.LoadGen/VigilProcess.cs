using System.Diagnostics;
using System.Globalization;

namespace Vigil.LoadGen;

/// <summary>
/// A Vigil started by the load generator (<c>--start</c>): <c>dotnet vigil.dll --no-demo</c> with its own
/// ports and a temporary data directory, ready once <c>/-/ready</c> on the Prometheus port answers 200,
/// killed (with its process tree) and cleaned up on dispose.
/// </summary>
public sealed class VigilProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly Queue<string> _lastLines = new();

    private VigilProcess(Process process, string directory)
    {
        _process = process;
        _directory = directory;
    }

    public int Pid => _process.Id;

    public static async Task<VigilProcess> StartAsync(LoadGenOptions options)
    {
        string dll = options.VigilDll ?? DefaultDll();
        if (!File.Exists(dll))
        {
            throw new LoadGenException($"{dll} not found: build it first with 'dotnet build -c Release src/Vigil' or pass --vigil-dll");
        }
        string directory = Path.Combine(Path.GetTempPath(), "vigil-loadgen-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var inv = CultureInfo.InvariantCulture;
        var start = new ProcessStartInfo("dotnet")
        {
            // The working directory holds no config/vigil.yaml: built-in defaults plus the flags below.
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])[
            dll, "--no-demo", "--data-dir", Path.Combine(directory, "data"), "--log-level", "warn",
            "--collector.debug_exporter.enabled=false",
            "--otlp-grpc-port", options.OtlpGrpcPort.ToString(inv),
            "--otlp-http-port", options.OtlpHttpPort.ToString(inv),
            "--prometheus-port", options.PrometheusPort.ToString(inv),
            "--collector-metrics-port", options.CollectorMetricsPort.ToString(inv),
            "--loki-port", "0", "--tempo-port", "0", "--ui-port", "0"])
        {
            start.ArgumentList.Add(arg);
        }
        foreach (string arg in options.VigilArgs)
        {
            start.ArgumentList.Add(arg);
        }
        Console.WriteLine("starting: dotnet " + string.Join(' ', start.ArgumentList));
        var process = Process.Start(start) ?? throw new LoadGenException("could not start dotnet");
        var vigil = new VigilProcess(process, directory);
        process.OutputDataReceived += (_, e) => vigil.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => vigil.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await vigil.WaitReadyAsync($"http://127.0.0.1:{options.PrometheusPort}/-/ready", TimeSpan.FromSeconds(60));
        }
        catch
        {
            vigil.Dispose();
            throw;
        }
        Console.WriteLine($"Vigil ready, pid {process.Id}");
        return vigil;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            while (_lastLines.Count > 40)
            {
                _lastLines.Dequeue();
            }
        }
    }

    private string LastLines()
    {
        lock (_lastLines)
        {
            return string.Join(Environment.NewLine, _lastLines);
        }
    }

    private async Task WaitReadyAsync(string url, TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new LoadGenException($"Vigil exited with code {_process.ExitCode} before it was ready:{Environment.NewLine}{LastLines()}");
            }
            try
            {
                using var response = await client.GetAsync(url);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new LoadGenException($"Vigil was not ready at {url} after {timeout.TotalSeconds:N0} s:{Environment.NewLine}{LastLines()}");
    }

    /// <summary>&lt;repo&gt;/src/Vigil/bin/Release/net10.0/vigil.dll, the repository found by walking up to Vigil.slnx.</summary>
    private static string DefaultDll()
    {
        foreach (string from in (string[])[Directory.GetCurrentDirectory(), AppContext.BaseDirectory])
        {
            for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
                {
                    return Path.Combine(dir.FullName, "src", "Vigil", "bin", "Release", "net10.0", "vigil.dll");
                }
            }
        }
        throw new LoadGenException("cannot find the repository (Vigil.slnx) above the current directory: pass --vigil-dll");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Reads Vigil's own count of accepted spans from its collector metrics endpoint.</summary>
public static class VigilMetrics
{
    public static async Task<double?> AcceptedSpansAsync(string url)
    {
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            string text = await client.GetStringAsync(url);
            double sum = 0;
            bool found = false;
            foreach (var line in text.Split('\n'))
            {
                if (line.StartsWith("otelcol_receiver_accepted_spans_total", StringComparison.Ordinal))
                {
                    int space = line.LastIndexOf(' ');
                    if (double.TryParse(line.AsSpan(space + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                    {
                        sum += v;
                        found = true;
                    }
                }
            }
            return found ? sum : 0;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }
}
