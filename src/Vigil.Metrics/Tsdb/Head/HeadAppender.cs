using Vigil.Metrics.Model;

namespace Vigil.Metrics.Tsdb.Head;

/// <summary>
/// Stages samples for one commit (Prometheus <c>headAppender</c>). Series are created in the head at
/// append time (so refs can be handed back at once) and logged to the WAL by the first commit that
/// carries a sample for them (<see cref="MemSeries.Logged"/>), whoever created them. Samples are checked against the committed state and
/// against what this appender staged; commit logs the batch, then applies it under each series' lock,
/// where a sample a racing appender made invalid is dropped and counted.
/// </summary>
internal sealed class HeadAppender(Head head) : IAppender
{
    // Rented from the head's pool at the first append, returned at commit or rollback (AppenderBuffers says why).
    private AppenderBuffers? _buffers;
    private long _mint = long.MaxValue, _maxt = long.MinValue;

    public AppendStatus Append(ref ulong seriesRef, Labels labels, long timestampMs, double value)
    {
        if (timestampMs < head.MinValidTime)
        {
            head.Stats.Rejected(AppendStatus.OutOfBounds);
            return AppendStatus.OutOfBounds;
        }
        var series = seriesRef != 0 ? head.GetByRef(seriesRef) : null;
        if (series is null)
        {
            if (LabelValidation.Validate(labels) is not null) return AppendStatus.InvalidLabels;
            series = head.GetOrCreate(labels, out _);
            seriesRef = series.Ref;
        }

        var b = _buffers ??= head.AppenderBuffers.Rent();
        long window = head.Options.OutOfOrderWindowMs;
        AppendStatus status;
        lock (series) status = series.Appendable(timestampMs, value, window);
        bool staged = b.StagedLast.TryGetValue(series.Ref, out var newest);
        if (status == AppendStatus.Ok && staged)
        {
            // Also check against what this batch staged but has not committed yet.
            if (timestampMs == newest.T)
            {
                if (BitConverter.DoubleToUInt64Bits(value) == BitConverter.DoubleToUInt64Bits(newest.V)) return AppendStatus.Ok; // re-send within the batch
                status = AppendStatus.DuplicateTimestamp;
            }
            else if (timestampMs < newest.T)
            {
                status = window <= 0 ? AppendStatus.OutOfOrder : timestampMs < newest.T - window ? AppendStatus.TooOld : AppendStatus.Ok;
            }
        }
        if (status != AppendStatus.Ok)
        {
            head.Stats.Rejected(status);
            return status;
        }
        if (!staged)
        {
            series.AddPending();
            b.PendingSeries.Add(series);
            if (!series.Logged) b.Unlogged.Add(series);
            b.StagedLast[series.Ref] = (timestampMs, value);
        }
        else if (timestampMs > newest.T) b.StagedLast[series.Ref] = (timestampMs, value);
        b.Samples.Add(new RefSample(series.Ref, timestampMs, value));
        b.SampleSeries.Add(series);
        if (timestampMs < _mint) _mint = timestampMs;
        if (timestampMs > _maxt) _maxt = timestampMs;
        return AppendStatus.Ok;
    }

    public void UpdateMetadata(Labels labels, MetricMetadata metadata)
    {
        string family = labels.Name;
        if (family.Length == 0) return;
        if (head.Metadata.TryGetValue(family, out var known) && known == metadata) return;
        // Logged by family: a histogram's family ("x") has no series of that exact name ("x_bucket" ...).
        (_buffers ??= head.AppenderBuffers.Rent()).Metadata.Add((family, metadata));
    }

    public async ValueTask CommitAsync(CancellationToken cancellationToken = default)
    {
        var b = _buffers;
        if (b is null) return;
        if (b.Samples.Count == 0 && b.Metadata.Count == 0)
        {
            Clear();
            return;
        }
        b.Unlogged.RemoveAll(static s => s.Logged);
        int ticket;
        try
        {
            ticket = await head.Log.LogAsync(b.Unlogged, b.Samples, b.Metadata, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Clear();
            throw;
        }
        try
        {
            foreach (var series in b.Unlogged) series.Logged = true;
            foreach (var (family, metadata) in b.Metadata) head.SetMetadata(family, metadata);
            int applied = 0;
            var samples = b.Samples;
            var sampleSeries = b.SampleSeries;
            for (int i = 0; i < samples.Count; i++)
            {
                var sample = samples[i];
                if (head.ApplySample(sampleSeries[i], sample.T, sample.V)) applied++;
            }
            if (applied > 0) head.UpdateTimeBounds(_mint, _maxt);
            head.Stats.SamplesAppended(applied);
        }
        finally
        {
            head.Log.Applied(ticket);
            Clear();
        }
    }

    /// <summary>Series created by this appender stay in the head (others may use them); they are logged by whoever commits a sample for them.</summary>
    public void Rollback() => Clear();

    private void Clear()
    {
        var b = _buffers;
        if (b is not null)
        {
            _buffers = null;
            foreach (var series in b.PendingSeries) series.RemovePending();
            head.AppenderBuffers.Return(b);
        }
        _mint = long.MaxValue;
        _maxt = long.MinValue;
    }
}
