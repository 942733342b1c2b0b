using System.Collections.Concurrent;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Index;

namespace Vigil.Metrics.Tsdb.Head;

/// <summary>
/// The in-memory part of the TSDB (Prometheus <c>tsdb.Head</c>): every series that received samples
/// since the last block cut, their chunks, and the inverted index. Appends come through
/// <see cref="HeadAppender"/>; <see cref="Log"/> makes them durable before they are applied.
/// Thread-safe: series lookup and creation are lock-free or striped; per-series state is under the
/// series' own lock; the index has its own reader/writer lock.
/// </summary>
internal sealed partial class Head
{
    private readonly ConcurrentDictionary<Labels, MemSeries> _byLabels = new();
    private readonly ConcurrentDictionary<ulong, MemSeries> _byRef = new();
    private readonly ConcurrentDictionary<string, MetricMetadata> _metadata = new(StringComparer.Ordinal);
    private readonly object _createLock = new();
    private long _lastRef;
    private long _minTime = long.MaxValue;
    private long _maxTime = long.MinValue;

    public Head(HeadOptions options, IHeadLog? log = null, HeadChunkFiles? chunkFiles = null)
    {
        Options = options;
        Log = log ?? NullHeadLog.Instance;
        ChunkFiles = chunkFiles;
    }

    /// <summary>Where closed chunks go (null: they stay on the heap, as in tests and tools without a directory).</summary>
    public HeadChunkFiles? ChunkFiles { get; }

    public HeadOptions Options { get; }
    public IHeadLog Log { get; internal set; }
    public MemPostings Postings { get; } = new();
    public HeadStats Stats { get; } = new();

    /// <summary>Staging lists appenders rent per commit, so ingestion does not allocate them per request.</summary>
    internal AppenderBufferPool AppenderBuffers { get; } = new();

    /// <summary>Samples older than this are out of bounds: they belong to a range already cut into a block.</summary>
    public long MinValidTime { get; internal set; } = long.MinValue;

    public long MinTime => Interlocked.Read(ref _minTime);
    public long MaxTime => Interlocked.Read(ref _maxTime);
    public int SeriesCount => _byRef.Count;

    public IAppender Appender() => new HeadAppender(this);

    public MemSeries? GetByRef(ulong seriesRef) => _byRef.GetValueOrDefault(seriesRef);

    public MemSeries? Get(Labels labels) => _byLabels.GetValueOrDefault(labels);

    public IEnumerable<MemSeries> AllSeries => _byRef.Values;

    /// <summary>Returns the series for <paramref name="labels"/>, creating it (and indexing it) when new.</summary>
    public MemSeries GetOrCreate(Labels labels, out bool created)
    {
        if (_byLabels.TryGetValue(labels, out var existing)) { created = false; return existing; }
        return Create(labels, (ulong)Interlocked.Increment(ref _lastRef), out created);
    }

    /// <summary>WAL replay: recreate a series with its logged ref (refs stay stable across restarts).</summary>
    public MemSeries GetOrCreateWithRef(Labels labels, ulong seriesRef, out bool created)
    {
        if (_byLabels.TryGetValue(labels, out var existing)) { created = false; return existing; }
        InterlockedMax(ref _lastRef, (long)seriesRef);
        return Create(labels, seriesRef, out created);
    }

    private MemSeries Create(Labels labels, ulong seriesRef, out bool created)
    {
        lock (_createLock)
        {
            if (_byLabels.TryGetValue(labels, out var raced)) { created = false; return raced; }
            var series = new MemSeries(seriesRef, labels);
            _byRef[seriesRef] = series;
            _byLabels[labels] = series;
            Postings.Add(seriesRef, labels);
            Stats.SeriesCreated();
            created = true;
            return series;
        }
    }

    /// <summary>Applies one logged sample (commit or WAL replay): checks it against the series again, under its lock.</summary>
    internal bool ApplySample(MemSeries series, long t, double v)
    {
        if (t < MinValidTime)
        {
            // A block covering t was cut while this commit was in flight (or, at replay, before the restart).
            Stats.Rejected(AppendStatus.OutOfBounds);
            return false;
        }
        lock (series)
        {
            var status = series.Appendable(t, v, Options.OutOfOrderWindowMs);
            if (status != AppendStatus.Ok)
            {
                Stats.Rejected(status);
                return false;
            }
            bool outOfOrder = t < series.LastT;
            bool appended = series.Append(t, v, Options.ChunkRangeMs, ChunkFiles);
            if (appended && outOfOrder) Stats.OutOfOrderAppended();
            return appended;
        }
    }

    private readonly ConcurrentDictionary<ulong, (long MinT, long MaxT)[]> _tombstones = new();

    /// <summary>Deleted intervals of a series (delete_series on the head), empty when none.</summary>
    public IReadOnlyList<(long MinT, long MaxT)> TombstonesFor(ulong seriesRef) =>
        _tombstones.TryGetValue(seriesRef, out var list) ? list : [];

    public bool HasTombstones => !_tombstones.IsEmpty;

    /// <summary>Marks [mint, maxt] of a series deleted (durably logged by the caller first).</summary>
    public void AddTombstone(ulong seriesRef, long mint, long maxt) =>
        _tombstones.AddOrUpdate(seriesRef, _ => [(mint, maxt)], (_, old) => [.. old, (mint, maxt)]);

    internal IEnumerable<KeyValuePair<ulong, (long MinT, long MaxT)[]>> AllTombstones => _tombstones;

    internal void RemoveTombstones(ulong seriesRef) => _tombstones.TryRemove(seriesRef, out _);

    public void SetMetadata(string family, MetricMetadata metadata) => _metadata[family] = metadata;

    public IReadOnlyDictionary<string, MetricMetadata> Metadata => _metadata;

    internal void UpdateTimeBounds(long mint, long maxt)
    {
        InterlockedMin(ref _minTime, mint);
        InterlockedMax(ref _maxTime, maxt);
    }

    /// <summary>
    /// After a block was cut up to <paramref name="mint"/>: drop chunks below it, garbage-collect series left
    /// empty (unindex them), and raise the minimum valid time so late samples for that range are refused.
    /// Returns the removed series so the WAL checkpoint can drop them.
    /// </summary>
    public List<MemSeries> Truncate(long mint)
    {
        MinValidTime = Math.Max(MinValidTime, mint);
        var removed = new List<MemSeries>();
        long newMin = long.MaxValue;
        foreach (var series in _byRef.Values)
        {
            bool empty;
            long seriesMin;
            lock (series)
            {
                empty = series.TruncateBefore(mint);
                seriesMin = series.MinTime;
            }
            if (empty && series.PendingCommits == 0) removed.Add(series);
            else newMin = Math.Min(newMin, seriesMin);
        }
        lock (_createLock)
        {
            foreach (var series in removed)
            {
                _byRef.TryRemove(series.Ref, out _);
                _byLabels.TryRemove(series.Labels, out _);
            }
        }
        Postings.Delete(removed);
        foreach (var series in removed) RemoveTombstones(series.Ref);
        Interlocked.Exchange(ref _minTime, newMin == long.MaxValue ? Math.Max(mint, Interlocked.Read(ref _minTime)) : Math.Max(newMin, mint));
        Stats.SeriesRemoved(removed.Count);
        return removed;
    }

    private static void InterlockedMin(ref long target, long value)
    {
        long current;
        while (value < (current = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while (value > (current = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}
