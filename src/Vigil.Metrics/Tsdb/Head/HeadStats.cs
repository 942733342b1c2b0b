namespace Vigil.Metrics.Tsdb.Head;

/// <summary>Counters the head keeps for its own metrics and the TSDB status API (Prometheus's prometheus_tsdb_head_* names).</summary>
internal sealed class HeadStats
{
    private long _oooAppended, _seriesCreated, _seriesRemoved, _samplesAppended, _outOfOrder, _duplicate, _outOfBounds, _tooOld;

    public long SeriesCreatedTotal => Interlocked.Read(ref _seriesCreated);
    public long SeriesRemovedTotal => Interlocked.Read(ref _seriesRemoved);
    public long SamplesAppendedTotal => Interlocked.Read(ref _samplesAppended);
    public long OutOfOrderTotal => Interlocked.Read(ref _outOfOrder);
    public long DuplicateTotal => Interlocked.Read(ref _duplicate);
    public long OutOfBoundsTotal => Interlocked.Read(ref _outOfBounds);
    public long TooOldTotal => Interlocked.Read(ref _tooOld);

    /// <summary>Samples accepted into the out-of-order buffer (prometheus_tsdb_head_out_of_order_samples_appended_total).</summary>
    public long OutOfOrderAppendedTotal => Interlocked.Read(ref _oooAppended);
    public void OutOfOrderAppended() => Interlocked.Increment(ref _oooAppended);
    public void SeriesCreated() => Interlocked.Increment(ref _seriesCreated);
    public void SeriesRemoved(int n) => Interlocked.Add(ref _seriesRemoved, n);
    public void SamplesAppended(int n) => Interlocked.Add(ref _samplesAppended, n);

    public void Rejected(AppendStatus status)
    {
        switch (status)
        {
            case AppendStatus.OutOfOrder: Interlocked.Increment(ref _outOfOrder); break;
            case AppendStatus.DuplicateTimestamp: Interlocked.Increment(ref _duplicate); break;
            case AppendStatus.OutOfBounds: Interlocked.Increment(ref _outOfBounds); break;
            case AppendStatus.TooOld: Interlocked.Increment(ref _tooOld); break;
        }
    }
}
