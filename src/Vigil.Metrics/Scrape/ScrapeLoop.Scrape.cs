using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.WebUtilities;
using Vigil.Metrics.GoText;
using Vigil.Metrics.Model;
using Vigil.Metrics.Scrape.Parsing;
using Vigil.Metrics.Tsdb;

namespace Vigil.Metrics.Scrape;

internal sealed partial class ScrapeLoop
{
    /// <summary>Samples further ahead than this are out of bounds (Prometheus <c>maxAheadTime</c>).</summary>
    private static readonly TimeSpan MaxAheadTime = TimeSpan.FromMinutes(10);

    /// <summary>One scrape stamped with the current time, committed. For tests, which drive loops without the timer.</summary>
    public Task ScrapeOnceAsync(CancellationToken cancellationToken = default) => ScrapeAsync(_time.GetUtcNow(), cancellationToken);

    /// <summary>
    /// One scrape (Prometheus <c>scrapeAndReport</c>): fetch, parse and append in one appender. Any failure
    /// (HTTP, body size, parse error, a limit) rolls the samples back; then only staleness markers and the
    /// report series are committed, so nothing half-written is ever visible.
    /// </summary>
    private async Task ScrapeAsync(DateTimeOffset appendTime, CancellationToken stop)
    {
        var started = _time.GetUtcNow();
        long startTicks = _time.GetTimestamp();
        long t = appendTime.ToUnixTimeMilliseconds();
        var appender = _appendable.Appender();
        var counts = new AppendCounts();
        long bodyBytes = 0;
        string error = "";
        _cache.BeginIteration();
        try
        {
            if (ForcedError is { } forced) throw new ScrapeException(forced);
            var (body, length, contentType) = await FetchAsync(stop).ConfigureAwait(false);
            try
            {
                bodyBytes = length;
                AppendBody(appender, body, length, contentType, t, ref counts);
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(body);
            }
        }
        catch (Exception e) when (IsScrapeFailure(e) && !stop.IsCancellationRequested)
        {
            error = Describe(e);
            if (e is ScrapeException { Message: BodySizeLimitExceeded }) bodyBytes = -1;
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // Stopping mid-scrape: nothing of this scrape is written.
            appender.Rollback();
            _cache.DiscardIteration();
            _cache.EndIteration(success: false);
            Metadata.Discard();
            throw new OperationCanceledException(stop);
        }

        bool up = error.Length == 0;
        if (!up)
        {
            appender.Rollback();
            appender = _appendable.Appender();
            _cache.DiscardIteration();
            Metadata.Discard();
        }
        else
        {
            Metadata.Flush(appender, _target.Labels);
        }
        var duration = _time.GetElapsedTime(startTicks);
        _cache.AppendStaleMarkers(appender, t);
        _report.Append(appender, t, up, duration, counts.Scraped, counts.PostRelabel, counts.SeriesAdded, _target.Timeout,
            _settings.SampleLimit, bodyBytes);
        // Prometheus reports before committing: a storage failure is logged, it does not make the target down.
        _target.Health.Record(up, error, started, duration);
        try
        {
            await appender.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            ScrapeLog.CommitFailed(_logger, _settings.Job, _target.Url.ToString(), e.Message);
        }
        _cache.EndIteration(up);
        _scrapedOnce = true;
        if (!up) ScrapeLog.Failed(_logger, _settings.Job, _target.Url.ToString(), error);
        if (counts.OutOfOrder + counts.Duplicates + counts.OutOfBounds > 0)
            ScrapeLog.AppendErrors(_logger, _settings.Job, _target.Url.ToString(), counts.OutOfOrder, counts.Duplicates, counts.OutOfBounds);
    }

    private const string BodySizeLimitExceeded = "body size limit exceeded";

    /// <summary>Any failure of one scrape fails that scrape only; the loop goes on (a bug in a parser must not stop scraping).</summary>
    private static bool IsScrapeFailure(Exception e) => e is not (OutOfMemoryException or StackOverflowException);

    /// <summary>The failure as Prometheus words it (Go's client prefixes transport errors with <c>Get "url": </c>).</summary>
    private string Describe(Exception e) => e switch
    {
        OperationCanceledException => $"Get {GoQuote.Quote(_target.Url.ToString())}: context deadline exceeded",
        HttpRequestException h => $"Get {GoQuote.Quote(_target.Url.ToString())}: {h.Message}",
        IOException or InvalidDataException => $"Get {GoQuote.Quote(_target.Url.ToString())}: {e.Message}",
        _ => e.Message,
    };

    private async Task<(byte[] Body, int Length, string? ContentType)> FetchAsync(CancellationToken stop)
    {
        if (_target.Url.Scheme is not ("http" or "https"))
            throw new ScrapeException($"Get {GoQuote.Quote(_target.Url.ToString())}: unsupported protocol scheme {GoQuote.Quote(_target.Url.Scheme)}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(_target.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, _target.Url);
        request.Headers.TryAddWithoutValidation("Accept", _settings.AcceptHeader);
        if (!_settings.EnableCompression) request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
        request.Headers.TryAddWithoutValidation("X-Prometheus-Scrape-Timeout-Seconds",
            _target.Timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            int code = (int)response.StatusCode;
            string reason = string.IsNullOrEmpty(response.ReasonPhrase) ? ReasonPhrases.GetReasonPhrase(code) : response.ReasonPhrase;
            throw new ScrapeException($"server returned HTTP status {code} {reason}");
        }
        // The limit applies to the uncompressed body; the handler decompresses gzip transparently.
        long limit = _settings.BodySizeLimit > 0 ? _settings.BodySizeLimit : long.MaxValue;
        var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var (body, length) = await BodyReader.ReadAsync(stream, response.Content.Headers.ContentLength, limit, timeout.Token).ConfigureAwait(false)
                ?? throw new ScrapeException(BodySizeLimitExceeded);
            return (body, length, response.Content.Headers.ContentType?.ToString());
        }
    }

    private struct AppendCounts
    {
        public int Scraped, PostRelabel, SeriesAdded, OutOfOrder, Duplicates, OutOfBounds;
    }

    /// <summary>Parses the body and stages its samples (Prometheus <c>scrapeLoop.append</c>); throws on the first fatal problem.</summary>
    private void AppendBody(IAppender appender, byte[] body, int length, string? contentType, long defaultTime, ref AppendCounts counts)
    {
        var parser = ExpositionFormats.Create(contentType, body, length, _settings.FallbackProtocol, ExpositionParserOptions.Default,
                out var negotiationError, out _)
            ?? throw new ScrapeException(negotiationError ?? "unsupported Content-Type");
        long maxTime = _time.GetUtcNow().Add(MaxAheadTime).ToUnixTimeMilliseconds();
        bool sampleLimitHit = false;
        ExpositionEntry kind;
        while ((kind = parser.Next()) != ExpositionEntry.Eof)
        {
            if (kind != ExpositionEntry.Series)
            {
                if (kind is ExpositionEntry.Type or ExpositionEntry.Help or ExpositionEntry.Unit) Metadata.Observe(parser, kind);
                continue;
            }
            counts.Scraped++;
            bool isNew = !_cache.TryGet(parser.SeriesKey, out var entry);
            if (isNew) entry = _cache.Add(parser.SeriesKey, Resolve(parser));
            if (entry.Labels is null)
            {
                entry.LastSeen = _cache.Iteration; // dropped by relabeling: keep remembering that
                continue;
            }
            counts.PostRelabel++;
            if (entry.LastSeen == _cache.Iteration) continue; // the same series twice in one body: the first one counts
            entry.LastSeen = _cache.Iteration;
            // sample_limit counts samples after metric relabeling; parsing goes on so scrape_samples_scraped is right.
            if (_settings.SampleLimit > 0 && counts.PostRelabel > _settings.SampleLimit)
            {
                sampleLimitHit = true;
                continue;
            }
            long? explicitTime = _settings.HonorTimestamps ? parser.TimestampMs : null;
            long t = explicitTime ?? defaultTime;
            var status = t > maxTime ? AppendStatus.OutOfBounds : appender.Append(ref entry.Ref, entry.Labels, t, parser.Value);
            switch (status)
            {
                case AppendStatus.Ok:
                    if (explicitTime is null || _settings.TrackTimestampsStaleness) _cache.MarkSeen(entry);
                    if (isNew) counts.SeriesAdded++;
                    break;
                case AppendStatus.OutOfOrder: counts.OutOfOrder++; break;
                case AppendStatus.DuplicateTimestamp: counts.Duplicates++; break;
                case AppendStatus.OutOfBounds or AppendStatus.TooOld: counts.OutOfBounds++; break;
                default: throw new ScrapeException(AppendStatusText.Message(status));
            }
        }
        if (sampleLimitHit) throw new ScrapeException("sample limit exceeded");
    }

    /// <summary>
    /// First sighting of a series in this loop: its labels merged with the target's, metric-relabeled,
    /// validated and checked against the label limits. Null when relabeling dropped it.
    /// </summary>
    private Labels? Resolve(ExpositionParser parser)
    {
        _builder.Reset();
        parser.GetLabels(_builder);
        TargetLabelMerge.Apply(_builder, _target.Labels, _settings.HonorLabels);
        if (!_settings.MetricRelabel.Process(_builder) || _builder.Count == 0) return null;
        var labels = _builder.Build();
        if (!labels.Has(Labels.MetricName)) throw new ScrapeException("missing metric name (__name__ label)");
        if (LabelValidation.Validate(labels) is not null || !AreValidNames(labels))
            throw new ScrapeException($"invalid metric name or label names: {labels}");
        if (LabelLimits.Check(labels, _settings) is { } limitError) throw new ScrapeException(limitError);
        return labels;
    }

    private bool AreValidNames(Labels labels)
    {
        if (_settings.NameValidation != Relabel.NameValidationScheme.Legacy) return true;
        foreach (var label in labels.AsSpan())
        {
            bool ok = label.Name == Labels.MetricName
                ? LabelValidation.IsLegacyMetricName(label.Value)
                : LabelValidation.IsLegacyLabelName(label.Name);
            if (!ok) return false;
        }
        return true;
    }
}
