using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Vigil.Metrics.Model;
using Vigil.Metrics.Scrape.Parsing;
using Vigil.Metrics.Tsdb;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// Scrapes one target on its interval, at a fixed offset inside the interval derived from the target's
/// identity (so a pool's targets are spread out and a target keeps its phase across reloads), and writes
/// each scrape as one commit: samples, staleness markers for series that disappeared, and the five report
/// series (up, scrape_duration_seconds, scrape_samples_scraped, scrape_samples_post_metric_relabeling,
/// scrape_series_added). Prometheus's scrape/scrape.go is the behaviour followed.
/// </summary>
internal sealed partial class ScrapeLoop : IAsyncDisposable
{
    private readonly ScrapeTarget _target;
    private readonly ScrapeSettings _settings;
    private readonly HttpClient _http;
    private readonly IAppendable _appendable;
    private readonly ILogger _logger;
    private readonly ScrapeCache _cache = new();
    private readonly LabelsBuilder _builder = new();
    private readonly ulong[] _reportRefs = new ulong[5];
    private readonly Labels[] _reportLabels;
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeProvider _time;
    private Task? _run;

    public ScrapeLoop(ScrapeTarget target, ScrapeSettings settings, HttpClient http, IAppendable appendable, ILogger logger, TimeProvider? time = null)
    {
        _target = target;
        _settings = settings;
        _http = http;
        _appendable = appendable;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _reportLabels = ReportNames.Select(name => new LabelsBuilder(target.Labels).Set(Labels.MetricName, name).Build()).ToArray();
    }

    private static readonly string[] ReportNames =
        ["up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added"];

    public ScrapeTarget Target => _target;
    public TargetHealth Health { get; } = new();

    public void Start() => _run = Task.Run(() => RunAsync(_stop.Token));

    private async Task RunAsync(CancellationToken stop)
    {
        try
        {
            await Task.Delay(Offset(), _time, stop).ConfigureAwait(false);
            using var timer = new PeriodicTimer(_target.Interval, _time);
            do
            {
                await ScrapeOnceAsync(stop).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Position inside the interval, from a hash of the target's identity (Prometheus's offset).</summary>
    private TimeSpan Offset()
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in _target.Key) hash = (hash ^ c) * 1099511628211UL;
        long intervalTicks = _target.Interval.Ticks;
        long nowTicks = _time.GetUtcNow().UtcTicks;
        long phase = (long)(hash % (ulong)intervalTicks);
        long offset = ((phase - nowTicks % intervalTicks) % intervalTicks + intervalTicks) % intervalTicks;
        return TimeSpan.FromTicks(offset);
    }

    /// <summary>One scrape, committed. Public for tests, which drive it without the timer.</summary>
    public async Task ScrapeOnceAsync(CancellationToken stop)
    {
        var started = _time.GetUtcNow();
        long timestamp = started.ToUnixTimeMilliseconds();
        var watch = Stopwatch.StartNew();
        string error = "";
        int scraped = 0, kept = 0, added = 0;
        var appender = _appendable.Appender();
        _cache.BeginIteration();
        try
        {
            byte[] body;
            string? contentType;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop))
            {
                timeout.CancelAfter(_target.Timeout);
                (body, contentType) = await FetchAsync(timeout.Token, stop).ConfigureAwait(false);
            }
            (scraped, kept, added) = Append(appender, body, contentType, timestamp);
        }
        catch (Exception e) when (e is ScrapeException or HttpRequestException or ExpositionFormatException or OperationCanceledException or IOException
                                   && !stop.IsCancellationRequested)
        {
            error = e switch
            {
                OperationCanceledException => $"Get \"{_target.Url}\": context deadline exceeded",
                HttpRequestException h => $"Get \"{_target.Url}\": {h.Message}",
                _ => e.Message,
            };
            appender.Rollback();
            appender = _appendable.Appender();
            scraped = kept = added = 0;
        }

        bool up = error.Length == 0;
        double seconds = watch.Elapsed.TotalSeconds;
        // A failed scrape makes everything of the previous one stale, as a vanished series would.
        // (After a failure nothing was seen in this iteration, so that is every series of the last good scrape.)
        foreach (var entry in _cache.Disappeared()) AppendStale(appender, entry, timestamp);
        AppendReport(appender, timestamp, up ? 1 : 0, seconds, scraped, kept, added);
        try
        {
            await appender.CommitAsync(stop).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            error = "storage: " + e.Message;
            up = false;
        }
        _cache.EndIteration();
        Health.Record(up, error, started, seconds, scraped);
        if (!up) ScrapeLog.Failed(_logger, _settings.Job, _target.Url.ToString(), error);
    }

    private async Task<(byte[] Body, string? ContentType)> FetchAsync(CancellationToken timeout, CancellationToken stop)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _target.Url);
        request.Headers.TryAddWithoutValidation("Accept", _settings.AcceptHeader);
        request.Headers.TryAddWithoutValidation("X-Prometheus-Scrape-Timeout-Seconds",
            _target.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        if (_settings.EnableCompression) request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        else request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new ScrapeException($"server returned HTTP status {(int)response.StatusCode} {response.ReasonPhrase}");
        long limit = _settings.BodySizeLimit > 0 ? _settings.BodySizeLimit : long.MaxValue;
        await using var stream = await response.Content.ReadAsStreamAsync(timeout).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, timeout).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
                throw new ScrapeException($"body size limit exceeded ({limit} bytes)");
            buffer.Write(chunk, 0, read);
        }
        return (buffer.ToArray(), response.Content.Headers.ContentType?.ToString());
    }

    private (int Scraped, int Kept, int Added) Append(IAppender appender, byte[] body, string? contentType, long defaultTimestamp)
    {
        var parser = ExpositionFormats.Create(contentType, body, _settings.FallbackProtocol, out var negotiationError);
        if (parser is null) throw new ScrapeException(negotiationError ?? "unsupported content type");
        int scraped = 0, kept = 0, added = 0;
        ExpositionEntry entryKind;
        while ((entryKind = parser.Next()) != ExpositionEntry.Eof)
        {
            if (entryKind != ExpositionEntry.Series)
            {
                if (entryKind is ExpositionEntry.Type or ExpositionEntry.Help or ExpositionEntry.Unit) Metadata.Observe(parser, entryKind);
                continue;
            }
            scraped++;
            if (!_cache.TryGet(parser.SeriesKey, out var entry))
            {
                entry = _cache.Add(parser.SeriesKey, Resolve(parser));
                if (entry.Labels is not null) added++;
            }
            if (entry.LastSeen == _cache.Iteration) continue; // a repeated series within one scrape: Prometheus keeps the first
            entry.LastSeen = _cache.Iteration;
            if (entry.Labels is null) continue;
            kept++;
            if (_settings.SampleLimit > 0 && kept > _settings.SampleLimit)
                throw new ScrapeException($"sample limit exceeded: {_settings.SampleLimit}");
            long t = _settings.HonorTimestamps && parser.TimestampMs is long ts ? ts : defaultTimestamp;
            appender.Append(ref entry.Ref, entry.Labels, t, parser.Value);
        }
        Metadata.Flush(appender, _target.Labels);
        return (scraped, kept, added);
    }

    /// <summary>First sighting of a series in this target: labels merged with the target's, relabeled, checked against limits.</summary>
    private Labels? Resolve(ExpositionParser parser)
    {
        _builder.Reset();
        parser.GetLabels(_builder);
        TargetLabelMerge.Apply(_builder, _target.Labels, _settings.HonorLabels);
        if (_settings.MetricRelabel is { } relabel && !relabel(_builder)) return null;
        var labels = _builder.Build();
        if (labels.Count == 0 || labels.Name.Length == 0) return null;
        CheckLimits(labels);
        return labels;
    }

    private void CheckLimits(Labels labels)
    {
        if (_settings.LabelLimit > 0 && labels.Count > _settings.LabelLimit)
            throw new ScrapeException($"label_limit exceeded (metric: {labels.Name}, number of labels: {labels.Count}, limit: {_settings.LabelLimit})");
        foreach (var label in labels.AsSpan())
        {
            if (_settings.LabelNameLengthLimit > 0 && label.Name.Length > _settings.LabelNameLengthLimit)
                throw new ScrapeException($"label_name_length_limit exceeded (metric: {labels.Name}, label name: {label.Name}, length: {label.Name.Length}, limit: {_settings.LabelNameLengthLimit})");
            if (_settings.LabelValueLengthLimit > 0 && label.Value.Length > _settings.LabelValueLengthLimit)
                throw new ScrapeException($"label_value_length_limit exceeded (metric: {labels.Name}, label name: {label.Name}, value: \"{label.Value}\", length: {label.Value.Length}, limit: {_settings.LabelValueLengthLimit})");
        }
    }

    private static void AppendStale(IAppender appender, ScrapeCache.Entry entry, long timestamp) =>
        appender.Append(ref entry.Ref, entry.Labels!, timestamp, StaleNaN.Value);

    private void AppendReport(IAppender appender, long t, double up, double seconds, int scraped, int kept, int added)
    {
        Span<double> values = [up, seconds, scraped, kept, added];
        for (int i = 0; i < values.Length; i++) appender.Append(ref _reportRefs[i], _reportLabels[i], t, values[i]);
    }

    private void AppendReportStale(IAppender appender, long t)
    {
        for (int i = 0; i < _reportLabels.Length; i++) appender.Append(ref _reportRefs[i], _reportLabels[i], t, StaleNaN.Value);
    }

    private ScrapeMetadata Metadata { get; } = new();

    /// <summary>
    /// Stops the loop. When the target is gone (not a reload that keeps it), every series of its last
    /// scrape and its report series get staleness markers, so queries stop showing it at once.
    /// </summary>
    public async Task StopAsync(bool markStale)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_run is not null) await _run.ConfigureAwait(false);
        if (!markStale) return;
        var appender = _appendable.Appender();
        long t = _time.GetUtcNow().ToUnixTimeMilliseconds();
        _cache.BeginIteration();
        foreach (var entry in _cache.Disappeared()) AppendStale(appender, entry, t);
        AppendReportStale(appender, t);
        try { await appender.CommitAsync().ConfigureAwait(false); }
        catch (IOException) { /* storage is failing; nothing more to do for a target that is going away */ }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(markStale: false).ConfigureAwait(false);
        _stop.Dispose();
    }

    private static partial class ScrapeLog
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "Scrape failed")]
        public static partial void Failed(ILogger logger, string job, string target, string err);
    }
}

/// <summary>A scrape that failed for a reason shown as the target's lastError.</summary>
internal sealed class ScrapeException(string message) : Exception(message);
