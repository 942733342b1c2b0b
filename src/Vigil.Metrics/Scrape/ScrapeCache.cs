using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// Per-target memory of a scrape loop (Prometheus's <c>scrapeCache</c>). Two parts:
/// <list type="bullet">
/// <item>the parse cache: raw series bytes of a line to its final labels (after target labels and
/// metric relabeling; null when relabeling dropped it) and the TSDB ref, so a steady scrape skips label
/// parsing and relabeling and allocates nothing per line;</item>
/// <item>staleness tracking: the series written by the previous successful scrape and by this one;
/// those in the previous set but not in this one get a staleness marker.</item>
/// </list>
/// Owned by one loop at a time; a loop that replaces another on reload inherits it (or at least its
/// staleness set). Not thread-safe.
/// </summary>
internal sealed class ScrapeCache
{
    private readonly Dictionary<byte[], Entry> _entries = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], Entry>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private Dictionary<Labels, Entry> _current = [];
    private Dictionary<Labels, Entry> _previous = [];
    private int _successfulCount;

    public ScrapeCache() => _lookup = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();

    public long Iteration { get; private set; }

    /// <summary>Entries in the parse cache (tests and the flush heuristic).</summary>
    public int Count => _entries.Count;

    /// <summary>Series of the last successful scrape (what a stop or a failure marks stale).</summary>
    public int PreviousCount => _previous.Count;

    /// <summary>A cached series. <see cref="Ref"/> is the TSDB's hint, updated by every append.</summary>
    public sealed class Entry(Labels? labels)
    {
        /// <summary>Labels after merging and relabeling; null when metric relabeling dropped the series.</summary>
        public Labels? Labels { get; } = labels;
        public ulong Ref;
        public long LastSeen = -1;
    }

    public void BeginIteration() => Iteration++;

    public bool TryGet(ReadOnlySpan<byte> key, out Entry entry)
    {
        if (_lookup.TryGetValue(key, out var found))
        {
            entry = found;
            return true;
        }
        entry = null!;
        return false;
    }

    public Entry Add(ReadOnlySpan<byte> key, Labels? labels)
    {
        var entry = new Entry(labels);
        _lookup[key] = entry;
        return entry;
    }

    /// <summary>The series was written in this scrape, so it is not stale (series with explicit timestamps are not tracked).</summary>
    public void MarkSeen(Entry entry) => _current.TryAdd(entry.Labels!, entry);

    /// <summary>A failed scrape wrote nothing: everything of the last good scrape is stale now.</summary>
    public void DiscardIteration() => _current.Clear();

    /// <summary>Stages a staleness marker for every series of the previous scrape not seen in this one.</summary>
    public int AppendStaleMarkers(IAppender appender, long timestampMs)
    {
        int n = 0;
        foreach (var (labels, entry) in _previous)
        {
            if (_current.ContainsKey(labels)) continue;
            // Out-of-order or duplicate here means a newer loop already wrote the series: nothing to mark.
            appender.Append(ref entry.Ref, labels, timestampMs, StaleNaN.Value);
            n++;
        }
        return n;
    }

    /// <summary>
    /// Ends a scrape: this scrape's series become the previous set. After a successful scrape, parse
    /// cache entries not seen in it are forgotten (series churn); after failures only when the cache has
    /// grown past twice its last good size plus 1000, as Prometheus's <c>iterDone</c> does.
    /// </summary>
    public void EndIteration(bool success)
    {
        bool flush = success || _entries.Count > _successfulCount * 2 + 1000;
        if (flush)
        {
            List<byte[]>? unseen = null;
            foreach (var (key, entry) in _entries)
                if (entry.LastSeen != Iteration) (unseen ??= []).Add(key);
            if (unseen is not null) foreach (var key in unseen) _entries.Remove(key);
            if (success) _successfulCount = _entries.Count;
        }
        (_previous, _current) = (_current, _previous);
        _current.Clear();
    }

    /// <summary>Takes over another (stopped) loop's staleness set, so series it wrote and this loop no longer writes get markers.</summary>
    public void InheritStaleness(ScrapeCache other)
    {
        foreach (var (labels, entry) in other._previous) _previous.TryAdd(labels, entry);
    }

    private sealed class ByteKeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static ByteKeyComparer Instance { get; } = new();
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);
        public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);
        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);
        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }
        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
