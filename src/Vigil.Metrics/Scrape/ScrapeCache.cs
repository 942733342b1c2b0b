using Vigil.Metrics.Model;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// Per-target memory of the series a scrape returned, keyed by the raw bytes of each line's series part
/// (Prometheus's scrapeCache). A hit skips label parsing, target-label merging and relabeling and reuses
/// the TSDB ref, so a steady scrape allocates nothing per line. Entries remember the iteration they were
/// last seen in, which is also how disappeared series get their staleness markers. Owned by one loop.
/// </summary>
internal sealed class ScrapeCache
{
    private readonly Dictionary<byte[], Entry> _entries = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], Entry>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public ScrapeCache() => _lookup = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();

    public long Iteration { get; private set; }

    public sealed class Entry(Labels? labels)
    {
        /// <summary>Labels after merging and relabeling; null when metric relabeling dropped the series.</summary>
        public Labels? Labels { get; } = labels;
        public ulong Ref;
        public long LastSeen;
    }

    public void BeginIteration() => Iteration++;

    public bool TryGet(ReadOnlySpan<byte> key, out Entry entry)
    {
        if (_lookup.TryGetValue(key, out entry!)) return true;
        entry = null!;
        return false;
    }

    public Entry Add(ReadOnlySpan<byte> key, Labels? labels)
    {
        var entry = new Entry(labels);
        _entries[key.ToArray()] = entry;
        return entry;
    }

    /// <summary>Series seen in the previous iteration but not in this one (they get staleness markers).</summary>
    public IEnumerable<Entry> Disappeared()
    {
        foreach (var entry in _entries.Values)
            if (entry.Labels is not null && entry.LastSeen == Iteration - 1) yield return entry;
    }

    /// <summary>Forgets series not seen in this iteration (after their markers were written).</summary>
    public void EndIteration()
    {
        List<byte[]>? stale = null;
        foreach (var (key, entry) in _entries)
            if (entry.LastSeen < Iteration) (stale ??= []).Add(key);
        if (stale is not null) foreach (var key in stale) _entries.Remove(key);
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
