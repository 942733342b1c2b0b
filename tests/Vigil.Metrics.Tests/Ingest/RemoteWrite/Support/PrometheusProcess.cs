using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Vigil.Metrics.Tests.Ingest.RemoteWrite.Support;

/// <summary>
/// A real <c>prometheus</c> from PATH, started on 127.0.0.1 with a free port, a temporary data directory
/// and the given configuration. Disposing kills it by pid and deletes the directory.
/// </summary>
internal sealed partial class PrometheusProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private PrometheusProcess(Process process, string directory, int port)
    {
        _process = process;
        Directory = directory;
        Port = port;
    }

    public string Directory { get; }

    public int Port { get; }

    /// <summary>Everything prometheus logged so far, for assertion messages.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>The full path of <c>prometheus</c> on PATH, or null.</summary>
    public static string? Executable { get; } = Vigil.Metrics.Tests.Support.ProgramFactAttribute.Find("prometheus");

    /// <summary>Starts prometheus; <paramref name="config"/> gets the process' own port to scrape itself.</summary>
    public static PrometheusProcess Start(Func<int, string> config, params string[] extraArguments)
    {
        string directory = Path.Combine(Path.GetTempPath(), "vigil-prom-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        int port = FreePort();
        string configFile = Path.Combine(directory, "prometheus.yml");
        File.WriteAllText(configFile, config(port));
        var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("prometheus is not on PATH"))
        {
            ArgumentList =
            {
                $"--config.file={configFile}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                $"--web.listen-address=127.0.0.1:{port}", "--log.level=debug",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (string argument in extraArguments)
        {
            start.ArgumentList.Add(argument);
        }
        var process = new Process { StartInfo = start };
        var prometheus = new PrometheusProcess(process, directory, port);
        process.OutputDataReceived += (_, e) => prometheus.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => prometheus.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return prometheus;
    }

    public bool HasExited => _process.HasExited;

    private void OnLine(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
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
        finally
        {
            _process.Dispose();
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open; the temp directory is cleaned by the OS.
            }
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
