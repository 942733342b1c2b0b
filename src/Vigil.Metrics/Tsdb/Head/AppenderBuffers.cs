using Vigil.Core.Buffers;
using Vigil.Metrics.Model;

namespace Vigil.Metrics.Tsdb.Head;

/// <summary>
/// The staging lists of one <see cref="HeadAppender"/> commit. A remote-write request of 2,000 samples
/// grew fresh lists and a 2,729-entry dictionary (87 KB: a large-object-heap array, only reclaimed by a
/// gen2 collection) per commit; renting these from <see cref="AppenderBufferPool"/> makes a steady commit
/// rate allocate nothing here. One owner at a time: the appender between its first append and its
/// commit or rollback.
/// </summary>
internal sealed class AppenderBuffers
{
    public List<RefSample> Samples { get; } = [];
    public List<MemSeries> SampleSeries { get; } = [];
    public List<MemSeries> Unlogged { get; } = [];
    public List<MemSeries> PendingSeries { get; } = [];
    public List<(string Family, MetricMetadata Metadata)> Metadata { get; } = [];

    /// <summary>Newest staged sample per series, for series staged more than once in the batch.</summary>
    public Dictionary<ulong, (long T, double V)> StagedLast { get; } = [];

    /// <summary>Whether capacity grew past what a pool should keep (one huge commit must not pin its memory).</summary>
    public bool Oversized => Samples.Capacity > AppenderBufferPool.MaxSamples || StagedLast.Count > AppenderBufferPool.MaxSamples;

    /// <summary>Empties every list, keeping capacity.</summary>
    public void Clear()
    {
        Samples.Clear();
        SampleSeries.Clear();
        Unlogged.Clear();
        PendingSeries.Clear();
        Metadata.Clear();
        StagedLast.Clear();
    }
}

/// <summary>
/// A few <see cref="AppenderBuffers"/> for reuse, one pool per head. Bounded in count (two per core: one
/// being filled and one committing per concurrent request), and buffers grown past
/// <see cref="MaxSamples"/> are dropped instead of kept. Thread-safe.
/// </summary>
internal sealed class AppenderBufferPool
{
    /// <summary>16K samples (about 600 KB of staging); Prometheus sends 2,000 samples per request by default.</summary>
    public const int MaxSamples = 1 << 14;

    private readonly BoundedPool<AppenderBuffers> _kept;

    public AppenderBufferPool(int capacity = 0) => _kept = new(capacity);

    /// <summary>Buffers held for reuse now (tests).</summary>
    public int Count => _kept.Count;

    public AppenderBuffers Rent() => _kept.TryRent(out var buffers) ? buffers : new AppenderBuffers();

    /// <summary>Takes back emptied buffers; the caller must not touch them afterwards.</summary>
    public void Return(AppenderBuffers buffers)
    {
        if (buffers.Oversized) return;
        buffers.Clear();
        _kept.Return(buffers);
    }
}
