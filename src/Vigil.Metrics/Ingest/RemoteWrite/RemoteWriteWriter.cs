using Microsoft.Extensions.Logging;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb;

namespace Vigil.Metrics.Ingest.RemoteWrite;

/// <summary>
/// Writes a decoded request into an <see cref="IAppendable"/> with Prometheus' semantics
/// (storage/remote/write_handler.go). 1.0 is all or nothing: the first rejected sample rolls the whole
/// request back and answers 400 (500 for a storage failure). 2.0 allows partial writes: rejected samples
/// and invalid series are reported together in one 400 while the rest is committed, and the written
/// counts go back in the response headers. Series with invalid labels are skipped (1.0: silently; 2.0:
/// reported). Native histograms and exemplars are counted and dropped: there is no storage for them yet.
/// Thread-safe; one appender per request.
/// </summary>
internal sealed class RemoteWriteWriter(IAppendable store, RemoteWriteOptions options, RemoteWriteStats stats, ILogger log)
{
    /// <summary>2.0 error lines kept in a 400 body; the sender logs the body, so it stays readable.</summary>
    internal const int MaxErrorLines = 10;

    private const string TooFarInFuture = "out of bounds: timestamp is too far in the future";

    private readonly SeriesLabelsCache _cache = new();

    public async ValueTask<RemoteWriteResult> WriteAsync(RemoteWriteBatch batch)
    {
        var appender = store.Appender();
        var staged = batch.Version == RemoteWriteVersion.V1 ? StageV1(batch, appender) : StageV2(batch, appender);
        if (staged.Status >= 500 || (batch.Version == RemoteWriteVersion.V1 && staged.Status != 204))
        {
            appender.Rollback();
            return staged;
        }
        try
        {
            await appender.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Commit publishes nothing when the log cannot be written (IOException: disk full); the
            // sender retries on 5xx. Rollback releases what an appender may still hold.
            appender.Rollback();
            RemoteWriteLog.WriteFailed(log, e.Message, e);
            return RemoteWriteResult.Failed(500, e.Message);
        }
        stats.Written(staged.SamplesWritten);
        return batch.Version == RemoteWriteVersion.V1 ? RemoteWriteResult.NoContent() : staged;
    }

    private long MaxTime() => options.Time.GetUtcNow().Add(options.MaxAheadTime).ToUnixTimeMilliseconds();

    private RemoteWriteResult StageV1(RemoteWriteBatch batch, IAppender appender)
    {
        long maxTime = MaxTime();
        var scratch = ScratchLabels();
        var invalid = new InvalidSeries();
        long appended = 0;
        int dropped = 0, droppedExemplars = 0;
        foreach (ref readonly var series in batch.Series)
        {
            var problem = SeriesLabels.Prepare(batch.LabelsOf(series), series.InvalidUtf8, ref scratch, out int count, out string? duplicate);
            if (problem != LabelProblem.None)
            {
                invalid.Add(scratch.AsSpan(0, count), problem, duplicate, series.SampleCount + series.HistogramCount);
                continue;
            }
            var cached = _cache.Get(scratch.AsSpan(0, count));
            ulong seriesRef = cached.Ref;
            foreach (var sample in batch.SamplesOf(series))
            {
                var status = sample.Timestamp > maxTime ? AppendStatus.OutOfBounds : appender.Append(ref seriesRef, cached.Labels, sample.Timestamp, sample.Value);
                if (status == AppendStatus.Ok)
                {
                    continue;
                }
                string message = sample.Timestamp > maxTime ? TooFarInFuture : AppendStatusText.Message(status);
                RemoteWriteLog.SampleRejected(log, message, cached.Labels.ToString(), sample.Timestamp);
                invalid.Flush(log, stats);
                return RemoteWriteResult.Failed(status == AppendStatus.Unavailable ? 500 : 400, message);
            }
            cached.Ref = seriesRef;
            appended += series.SampleCount;
            dropped += series.HistogramCount;
            droppedExemplars += series.ExemplarCount;
        }
        t_scratch = scratch;
        invalid.Flush(log, stats);
        // Upstream's 1.0 path ignores request metadata; Vigil keeps it, so /api/v1/metadata has it.
        foreach (var metadata in batch.Metadata)
        {
            if (metadata.FamilyName.Length > 0)
            {
                appender.UpdateMetadata(Labels.FromSorted([new Label(Labels.MetricName, metadata.FamilyName)]),
                    new MetricMetadata(metadata.Type, metadata.Help, metadata.Unit));
            }
        }
        stats.Metadata(batch.Metadata.Length);
        if (dropped + droppedExemplars > 0)
        {
            RemoteWriteLog.Dropped(log, dropped, droppedExemplars);
        }
        return new RemoteWriteResult(204, null, appended);
    }

    private RemoteWriteResult StageV2(RemoteWriteBatch batch, IAppender appender)
    {
        long maxTime = MaxTime();
        var scratch = ScratchLabels();
        var invalid = new InvalidSeries();
        var errors = new ErrorLines();
        long written = 0;
        int dropped = 0, droppedExemplars = 0, metadataCount = 0;
        MetricMetadata? lastMetadata = null;
        foreach (ref readonly var series in batch.Series)
        {
            var problem = SeriesLabels.Prepare(batch.LabelsOf(series), series.InvalidUtf8, ref scratch, out int count, out string? duplicate);
            var sorted = scratch.AsSpan(0, count);
            if (problem != LabelProblem.None)
            {
                invalid.Add(sorted, problem, duplicate, series.SampleCount + series.HistogramCount);
                errors.Add(problem == LabelProblem.DuplicateName
                    ? $"invalid labels for series, labels {SeriesLabels.Format(sorted)}, duplicated label {duplicate}"
                    : $"invalid metric name or labels, got {SeriesLabels.Format(sorted)}");
                continue;
            }
            var cached = _cache.Get(sorted);
            if (series.SampleCount > 0 && series.HistogramCount > 0)
            {
                // The spec: "A TimeSeries MUST NOT include both samples and histograms".
                invalid.Add(sorted, LabelProblem.None, "both samples and histograms", series.SampleCount + series.HistogramCount);
                errors.Add($"series {cached.Labels} has both samples and histograms; send them as separate series");
                continue;
            }
            ulong seriesRef = cached.Ref;
            foreach (var sample in batch.SamplesOf(series))
            {
                var status = sample.Timestamp > maxTime ? AppendStatus.OutOfBounds : appender.Append(ref seriesRef, cached.Labels, sample.Timestamp, sample.Value);
                if (status == AppendStatus.Ok)
                {
                    written++;
                    continue;
                }
                string message = sample.Timestamp > maxTime ? TooFarInFuture : AppendStatusText.Message(status);
                if (status == AppendStatus.Unavailable)
                {
                    // 5xx: the sender retries the whole request, so nothing of it may stay (TSDB is not idempotent).
                    RemoteWriteLog.WriteFailed(log, message, null);
                    invalid.Flush(log, stats);
                    return RemoteWriteResult.Failed(500, message);
                }
                RemoteWriteLog.SampleRejected(log, message, cached.Labels.ToString(), sample.Timestamp);
                errors.Add($"{message} for series {cached.Labels}");
            }
            cached.Ref = seriesRef;
            if (series.HistogramCount > 0)
            {
                dropped += series.HistogramCount;
                errors.Add($"native histograms are disabled for series {cached.Labels}");
            }
            droppedExemplars += series.ExemplarCount;
            if (series.HasMetadata && (series.MetadataType != MetricType.Unknown || series.MetadataHelp!.Length > 0 || series.MetadataUnit!.Length > 0))
            {
                if (lastMetadata is null || lastMetadata.Type != series.MetadataType
                    || !ReferenceEquals(lastMetadata.Help, series.MetadataHelp) || !ReferenceEquals(lastMetadata.Unit, series.MetadataUnit))
                {
                    lastMetadata = new MetricMetadata(series.MetadataType, series.MetadataHelp!, series.MetadataUnit!);
                }
                appender.UpdateMetadata(cached.Labels, lastMetadata);
                metadataCount++;
            }
        }
        t_scratch = scratch;
        invalid.Flush(log, stats);
        stats.Metadata(metadataCount);
        if (dropped + droppedExemplars > 0)
        {
            RemoteWriteLog.Dropped(log, dropped, droppedExemplars);
        }
        return errors.Count == 0 ? new RemoteWriteResult(204, null, written) : new RemoteWriteResult(400, errors.ToString(), written);
    }

    [ThreadStatic]
    private static Label[]? t_scratch;

    private static Label[] ScratchLabels() => t_scratch ??= new Label[64];
}
