using System.Diagnostics;

namespace Vigil.TsdbCompare;

/// <summary>
/// A server under test, run as a child process on 127.0.0.1 with its own data directory: started, polled on
/// <c>GET /-/ready</c> until 200, stopped with SIGTERM (graceful: both close their WAL), killed on dispose if
/// still running. Its stdout and stderr go to a log file and are kept for matching log lines.
/// </summary>
internal abstract class ServerProcess : IDisposable
{
    private readonly List<string> _lines = [];
    private readonly string _logPath;
    private Process? _process;
    private StreamWriter? _log;

    protected ServerProcess(string name, string workDir, int port)
    {
        Name = name;
        Port = port;
        DataDir = Path.Combine(workDir, name + "-data");
        _logPath = Path.Combine(workDir, name + ".log");
        Directory.CreateDirectory(DataDir);
    }

    public string Name { get; }

    public int Port { get; }

    public string DataDir { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public int Pid => _process?.Id ?? throw new InvalidOperationException(Name + " is not running");

    /// <summary>Where the server's block directories (named by ULID) appear.</summary>
    public abstract string BlocksDirectory { get; }

    /// <summary>The server's write-ahead log directory.</summary>
    public abstract string WalDirectory { get; }

    protected abstract ProcessStartInfo StartInfo();

    /// <summary>Starts the server; returns the time from process start to the first 200 from /-/ready.</summary>
    public async Task<TimeSpan> StartAsync(TimeSpan timeout)
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException(Name + " is already running");
        }
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        if (await AnswersAsync(client))
        {
            // Another server (a leftover run) holds the port: its /-/ready would pass for ours.
            throw new CompareException($"something already answers on {BaseUrl}: stop it or choose another port");
        }
        var start = StartInfo();
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        _log ??= new StreamWriter(_logPath, append: true) { AutoFlush = true };
        _log.WriteLine($"### {DateTimeOffset.UtcNow:O} start: {start.FileName} {string.Join(' ', start.ArgumentList)}");
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new CompareException($"could not start {start.FileName}");
        _process = process;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        while (clock.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                throw new CompareException($"{Name} exited with code {process.ExitCode} before it was ready; log: {_logPath}{Environment.NewLine}{Tail()}");
            }
            try
            {
                using var response = await client.GetAsync(BaseUrl + "/-/ready");
                if (response.IsSuccessStatusCode && !process.HasExited)
                {
                    return clock.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(25);
        }
        throw new CompareException($"{Name} was not ready after {timeout.TotalSeconds:N0} s; log: {_logPath}{Environment.NewLine}{Tail()}");
    }

    private async Task<bool> AnswersAsync(HttpClient client)
    {
        try
        {
            using var response = await client.GetAsync(BaseUrl + "/-/ready");
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGTERM, then waits for the exit (killing it after the timeout); returns the time it took.</summary>
    public async Task<TimeSpan> StopAsync(TimeSpan timeout)
    {
        var process = _process ?? throw new InvalidOperationException(Name + " is not running");
        var clock = Stopwatch.StartNew();
        if (!process.HasExited)
        {
            ProcStats.Terminate(process.Id);
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                throw new CompareException($"{Name} did not stop within {timeout.TotalSeconds:N0} s of SIGTERM; killed");
            }
        }
        process.Dispose();
        _process = null;
        return clock.Elapsed;
    }

    /// <summary>The last log line containing <paramref name="text"/> (since the current start), or null.</summary>
    public string? LastLineContaining(string text)
    {
        lock (_lines)
        {
            for (int i = _lines.Count - 1; i >= 0; i--)
            {
                if (_lines[i].Contains(text, StringComparison.Ordinal))
                {
                    return _lines[i];
                }
            }
        }
        return null;
    }

    /// <summary>Forgets the kept log lines (the file keeps them), so matches refer to the next start.</summary>
    public void ClearLines()
    {
        lock (_lines)
        {
            _lines.Clear();
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_lines)
        {
            _lines.Add(line);
            _log?.WriteLine(line);
        }
    }

    private string Tail()
    {
        lock (_lines)
        {
            return string.Join(Environment.NewLine, _lines.Skip(Math.Max(0, _lines.Count - 30)));
        }
    }

    public void Dispose()
    {
        try
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process?.Dispose();
        _process = null;
        lock (_lines)
        {
            _log?.Dispose();
            _log = null;
        }
    }
}

/// <summary>A failure of the comparison run itself (a server would not start, a deadline passed).</summary>
internal sealed class CompareException(string message) : Exception(message);
