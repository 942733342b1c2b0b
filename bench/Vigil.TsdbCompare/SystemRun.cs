using System.Diagnostics;
using System.Text.Json;

namespace Vigil.TsdbCompare;

/// <summary>
/// Runs the whole measurement against one server: start on an empty data directory, send phase one
/// (CPU read before and after), phase two, wait for the first 2h block, stop with SIGTERM, restart and time
/// the WAL replay until ready, stop. Every wait has a deadline; the caller disposes the server (kill).
/// </summary>
internal sealed class SystemRun(ServerProcess server, StreamPlan plan, string streamPath, CompareOptions options, TextWriter log)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan ReplayTimeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromMinutes(90);

    private readonly double _ticksPerSecond = ProcStats.ClockTicksPerSecond();

    public async Task RunAsync(SystemResult result)
    {
        string name = server.Name;
        result.StartupSeconds = (await server.StartAsync(StartTimeout)).TotalSeconds;
        int pid = server.Pid;
        log.WriteLine($"[{name}] ready after {result.StartupSeconds:N2} s, pid {pid}");
        await Task.Delay(TimeSpan.FromSeconds(2)); // let start-up work settle before the idle reading
        result.IdleRssBytes = ProcStats.Memory(pid).Rss;

        string url = server.BaseUrl + "/api/v1/write";
        var stats = new SendStats();
        using (var sender = new RemoteWriteSender(options.Shards))
        using (var reader = new StreamFileReader(streamPath))
        {
            long cpu0 = ProcStats.CpuTicks(pid);
            var wall = Stopwatch.StartNew();
            await sender.SendPhaseAsync(reader, url, options.Shards, stats, PhaseTimeout);
            long cpu1 = ProcStats.CpuTicks(pid);
            result.PhaseOneSamples = stats.Samples - stats.RejectedSamples;
            result.PhaseOneWallSeconds = wall.Elapsed.TotalSeconds;
            result.PhaseOneCpuSeconds = (cpu1 - cpu0) / _ticksPerSecond;
            log.WriteLine($"[{name}] phase one: {result.PhaseOneSamples:N0} samples in {result.PhaseOneWallSeconds:N1} s, {result.PhaseOneCpuSeconds:N2} CPU-s");
            await sender.SendPhaseAsync(reader, url, options.Shards, stats, PhaseTimeout);
            long cpu2 = ProcStats.CpuTicks(pid);
            result.IngestWallSeconds = wall.Elapsed.TotalSeconds;
            result.IngestCpuSeconds = (cpu2 - cpu0) / _ticksPerSecond;
        }
        result.SamplesSent = stats.Samples;
        result.SamplesRejected = stats.RejectedSamples;
        result.IngestSamples = stats.Samples - stats.RejectedSamples;
        result.Retries = stats.Retries;
        result.Statuses = stats.Statuses;
        result.FirstError = stats.FirstError;
        (result.RssAfterIngestBytes, result.PeakRssAfterIngestBytes) = ProcStats.Memory(pid);
        result.PeakRssBytes = result.PeakRssAfterIngestBytes;
        result.HeadSeries = await HeadSeriesAsync();
        log.WriteLine($"[{name}] ingested {result.IngestSamples:N0} of {result.SamplesSent:N0} samples in {result.IngestWallSeconds:N1} s, "
            + $"{result.IngestCpuSeconds:N2} CPU-s; RSS {result.RssAfterIngestBytes / 1e6:N0} MB, peak {result.PeakRssAfterIngestBytes / 1e6:N0} MB"
            + (result.FirstError is null ? "" : $"; first error {result.FirstError}"));

        if (options.PauseAfterIngest > TimeSpan.Zero)
        {
            log.WriteLine($"[{name}] pausing {options.PauseAfterIngest.TotalSeconds:N0} s (pid {pid})");
            await Task.Delay(options.PauseAfterIngest);
        }

        if (plan.Steps > plan.PhaseOneSteps)
        {
            long cpuBefore = ProcStats.CpuTicks(pid);
            var wait = Stopwatch.StartNew();
            log.WriteLine($"[{name}] waiting up to {options.BlockTimeout.TotalSeconds:N0} s for the block [{plan.BlockMinMs}, {plan.BlockMaxMs})");
            result.Block = await BlockInspector.WaitForBlockAsync(server.BlocksDirectory, plan.BlockMinMs, plan.BlockMaxMs, options.BlockTimeout,
                () => ProcStats.CpuTicks(pid) >= 0);
            if (result.Block is null)
            {
                log.WriteLine($"[{name}] no block in [{plan.BlockMinMs}, {plan.BlockMaxMs}) after {wait.Elapsed.TotalSeconds:N0} s");
            }
            else
            {
                result.BlockWaitSeconds = wait.Elapsed.TotalSeconds;
                result.BlockCpuSeconds = (ProcStats.CpuTicks(pid) - cpuBefore) / _ticksPerSecond;
                result.PeakRssBytes = ProcStats.Memory(pid).PeakRss;
                log.WriteLine($"[{name}] block {result.Block.Id}: {result.Block.Samples:N0} samples, {result.Block.TotalBytes / 1e6:N1} MB "
                    + $"after {result.BlockWaitSeconds:N1} s");
            }
        }

        // After a block cut both servers truncate the head and checkpoint the WAL; stopping in the middle of that
        // would time the replay of a half-truncated WAL. Wait until the process is idle instead.
        result.SettleSeconds = await WaitIdleAsync(pid);
        if (options.Queries)
        {
            long endMs = plan.StartMs + ((long)plan.Steps * plan.IntervalMs);
            log.WriteLine($"[{name}] queries (a first pass, an idle wait, then {options.QueryRuns} timed runs each):");
            result.Queries = await QueryRun.RunAsync(server.BaseUrl, endMs, options.QueryRuns, () => WaitIdleAsync(pid), log);
            await server.StopAsync(StopTimeout);
            return;
        }
        result.WalBytesAtStop = BlockInspector.DirectoryBytes(server.WalDirectory);
        result.StopSeconds = (await server.StopAsync(StopTimeout)).TotalSeconds;
        server.ClearLines();
        result.RestartReadySeconds = (await server.StartAsync(ReplayTimeout)).TotalSeconds;
        result.ReplayLogLine = server.LastLineContaining(ReplayLog.Marker);
        result.LoggedReplaySeconds = ReplayLog.Seconds(result.ReplayLogLine);
        result.RssAfterRestartBytes = ProcStats.Memory(server.Pid).Rss;
        result.HeadSeriesAfterRestart = await HeadSeriesAsync();
        log.WriteLine($"[{name}] restart: ready after {result.RestartReadySeconds:N2} s (WAL {result.WalBytesAtStop / 1e6:N1} MB; logged replay {result.LoggedReplaySeconds:N2} s)");
        await server.StopAsync(StopTimeout);
    }

    /// <summary>Waits (at most a minute) until the process uses under 5 % of a core over 2 s; returns the time waited.</summary>
    private async Task<double> WaitIdleAsync(int pid)
    {
        var clock = Stopwatch.StartNew();
        var window = TimeSpan.FromSeconds(2);
        long quietTicks = (long)(_ticksPerSecond * window.TotalSeconds * 0.05);
        while (clock.Elapsed < TimeSpan.FromMinutes(1))
        {
            long before = ProcStats.CpuTicks(pid);
            await Task.Delay(window);
            long after = ProcStats.CpuTicks(pid);
            if (before < 0 || after < 0 || after - before <= quietTicks)
            {
                break;
            }
        }
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Head series from <c>GET /api/v1/status/tsdb</c> (data.headStats.numSeries), or null if not served.</summary>
    private async Task<long?> HeadSeriesAsync()
    {
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            using var doc = JsonDocument.Parse(await client.GetStringAsync(server.BaseUrl + "/api/v1/status/tsdb"));
            return doc.RootElement.GetProperty("data").GetProperty("headStats").GetProperty("numSeries").GetInt64();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
