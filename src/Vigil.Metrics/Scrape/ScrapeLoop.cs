using Microsoft.Extensions.Logging;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// Scrapes one target on its interval and writes each scrape as one commit: the samples, staleness
/// markers for series that disappeared, and the report series (up, scrape_duration_seconds, …).
/// Prometheus's <c>scrape/scrape.go</c> scrapeLoop is the behaviour followed.
/// </summary>
/// <remarks>
/// Timing: the first scrape waits for an offset inside the interval derived from the target's identity
/// (so a pool's targets are spread out and a target keeps its phase across reloads); later scrapes run
/// on a fixed grid, and a scrape that starts within max(2ms, interval/100) of its grid point is stamped
/// with the grid time, which keeps timestamp deltas constant and chunks small (Prometheus
/// <c>ScrapeTimestampTolerance</c>). Missed grid points are skipped, not caught up.
/// Lifecycle: <see cref="Start"/> once; <see cref="StopAsync"/> once. Scrapes never overlap.
/// </remarks>
internal sealed partial class ScrapeLoop
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(2);

    private readonly ScrapeTarget _target;
    private readonly ScrapeSettings _settings;
    private readonly HttpClient _http;
    private readonly IAppendable _appendable;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ScrapeCache _cache;
    private readonly LabelsBuilder _builder = new();
    private readonly ReportSeries _report;
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;
    private bool _scrapedOnce;

    public ScrapeLoop(ScrapeTarget target, ScrapeSettings settings, HttpClient http, IAppendable appendable, ILogger logger,
        TimeProvider? time = null, ScrapeCache? cache = null, ScrapeMetadata? metadata = null)
    {
        _target = target;
        _settings = settings;
        _http = http;
        _appendable = appendable;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _cache = cache ?? new ScrapeCache();
        Metadata = metadata ?? new ScrapeMetadata();
        _report = new ReportSeries(target.Labels, settings.ExtraScrapeMetrics);
    }

    public ScrapeTarget Target => _target;
    public ScrapeSettings Settings => _settings;
    public HttpClient Client => _http;
    public ScrapeMetadata Metadata { get; }

    /// <summary>When set, scrapes fail with this error without contacting the target (target_limit exceeded).</summary>
    public string? ForcedError
    {
        get => Volatile.Read(ref _forcedError);
        set => Volatile.Write(ref _forcedError, value);
    }
    private string? _forcedError;

    /// <summary>The loop's cache; a loop replacing this one on reload takes it over once this one has stopped.</summary>
    public ScrapeCache Cache => _cache;

    public void Start() => _run = Task.Run(() => RunAsync(_stop.Token));

    private async Task RunAsync(CancellationToken stop)
    {
        try
        {
            var interval = _target.Interval;
            var next = _time.GetUtcNow() + Offset(_time.GetUtcNow(), _target.Key, interval);
            while (true)
            {
                var wait = next - _time.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, _time, stop).ConfigureAwait(false);
                var now = _time.GetUtcNow();
                var tolerance = interval / 100 > Tolerance ? interval / 100 : Tolerance;
                var stamp = now - next <= tolerance ? next : now;
                await ScrapeAsync(stamp, stop).ConfigureAwait(false);
                // Like a Go ticker: grid points that already passed are dropped.
                do next += interval;
                while (next <= _time.GetUtcNow());
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            ScrapeLog.LoopCrashed(_logger, _settings.Job, _target.Url.ToString(), e);
        }
    }

    /// <summary>
    /// Time until the target's slot in the interval: a hash of its identity picks a fixed phase, pinned
    /// to absolute time (Prometheus <c>Target.offset</c>), so restarts and reloads keep the phase.
    /// </summary>
    internal static TimeSpan Offset(DateTimeOffset now, string key, TimeSpan interval)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in key) hash = (hash ^ c) * 1099511628211UL;
        long intervalTicks = interval.Ticks;
        long phase = (long)(hash % (ulong)intervalTicks);
        long offset = ((phase - now.UtcTicks % intervalTicks) % intervalTicks + intervalTicks) % intervalTicks;
        return TimeSpan.FromTicks(offset);
    }

    /// <summary>
    /// Stops the loop and waits for an in-flight scrape to finish or abandon. With <paramref name="markStale"/>
    /// (the target is gone), every series of its last scrape and its report series get staleness
    /// markers, so queries stop showing it at once. A reload that replaces the loop passes false and
    /// hands <see cref="Cache"/> to the new loop instead.
    /// </summary>
    public async Task StopAsync(bool markStale)
    {
        if (!_stop.IsCancellationRequested) await _stop.CancelAsync().ConfigureAwait(false);
        if (_run is not null) await _run.ConfigureAwait(false);
        if (!markStale || !_scrapedOnce) return;
        var appender = _appendable.Appender();
        long t = _time.GetUtcNow().ToUnixTimeMilliseconds();
        _cache.BeginIteration();
        _cache.AppendStaleMarkers(appender, t);
        _report.AppendStale(appender, t);
        try
        {
            await appender.CommitAsync().ConfigureAwait(false);
        }
        catch (IOException e)
        {
            ScrapeLog.CommitFailed(_logger, _settings.Job, _target.Url.ToString(), e.Message);
        }
        _cache.EndIteration(success: false);
    }

    private static partial class ScrapeLog
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "Scrape failed")]
        public static partial void Failed(ILogger logger, string job, string target, string err);

        [LoggerMessage(EventId = 301, Level = LogLevel.Error, Message = "Scrape commit failed")]
        public static partial void CommitFailed(ILogger logger, string job, string target, string err);

        [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Error on ingesting samples: {outOfOrder} out of order, {duplicates} with a different value at the same timestamp, {outOfBounds} too old or too far in the future")]
        public static partial void AppendErrors(ILogger logger, string job, string target, int outOfOrder, int duplicates, int outOfBounds);

        [LoggerMessage(EventId = 303, Level = LogLevel.Error, Message = "Scrape loop crashed")]
        public static partial void LoopCrashed(ILogger logger, string job, string target, Exception e);
    }
}

/// <summary>A scrape that failed for a reason shown as the target's lastError (Prometheus's error text).</summary>
internal sealed class ScrapeException(string message) : Exception(message);
