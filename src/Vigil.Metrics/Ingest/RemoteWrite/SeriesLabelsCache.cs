using System.Numerics;
using Vigil.Metrics.Model;

namespace Vigil.Metrics.Ingest.RemoteWrite;

/// <summary>
/// Remembers, per label set a sender keeps sending, the <see cref="Labels"/> built for it and the store's
/// series ref. A steady stream then builds no <see cref="Labels"/> per series and request, and the
/// appender finds the series by ref instead of hashing the set (Prometheus' scrape cache does the same
/// for scrapes). An exact hash table (open addressing, linear probing, at most half full): every set sent
/// before is found, so nothing is rebuilt or evicted while the stream is steady. When an insert would fill
/// it past half, it is rebuilt keeping only the entries used in the last <see cref="DefaultStaleAfter"/>
/// (series no longer sent go) and doubled while those need it: about 2-4 slots (16-32 bytes) per active series. The
/// four-way table this replaced had to run at 10-20 slots per series to keep misses rare, 16 MiB at
/// 100,000 series, and every doubling left the old table as garbage on the large object heap.
/// Thread-safe: lookups read the table without locking; inserts and rebuilds take a lock and publish
/// entries with volatile writes. A lookup racing an insert may miss and retry under the lock; a stale ref
/// hint is harmless because the appender falls back to the labels when a ref no longer resolves.
/// </summary>
internal sealed class SeriesLabelsCache
{
    /// <summary>4M slots (32 MiB of references): up to 2M active series per door; beyond that the table restarts when full.</summary>
    public const int MaxCapacity = 1 << 22;

    /// <summary>A set not sent for this long is dropped at the next rebuild (far above any scrape interval).</summary>
    public static readonly TimeSpan DefaultStaleAfter = TimeSpan.FromMinutes(15);

    private CachedSeries?[] _slots;
    private int _count;
    private readonly Lock _lock = new();
    private readonly Func<long> _clockMs;
    private readonly int _staleAfterSeconds;

    /// <param name="capacity">Initial slots.</param>
    /// <param name="staleAfter">See <see cref="DefaultStaleAfter"/>.</param>
    /// <param name="clockMs">Monotonic milliseconds (tests pass their own).</param>
    public SeriesLabelsCache(int capacity = 1024, TimeSpan? staleAfter = null, Func<long>? clockMs = null)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(capacity, 16, MaxCapacity));
        _slots = new CachedSeries?[size];
        _clockMs = clockMs ?? (static () => Environment.TickCount64);
        _staleAfterSeconds = (int)(staleAfter ?? DefaultStaleAfter).TotalSeconds;
    }

    private int NowSeconds => (int)(_clockMs() / 1000);

    /// <summary>Slots in the table now (tests).</summary>
    public int Capacity => Volatile.Read(ref _slots).Length;

    /// <summary>Entries in the table now (tests).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The entry for a sorted, valid label set; built and cached on a miss.</summary>
    public CachedSeries Get(ReadOnlySpan<Label> sorted)
    {
        int hash = Hash(sorted);
        int now = NowSeconds;
        var found = Find(Volatile.Read(ref _slots), hash, sorted);
        if (found is null)
        {
            lock (_lock)
            {
                var slots = _slots;
                found = Find(slots, hash, sorted);
                if (found is null)
                {
                    if ((_count + 1) * 2 > slots.Length)
                    {
                        slots = Rebuild(slots, now);
                    }
                    found = new CachedSeries(Labels.FromSorted(sorted.ToArray()), hash);
                    Insert(slots, found);
                    _count++;
                }
            }
        }
        // Written once a second at most, not on every hit.
        if (found.LastUsed != now)
        {
            found.LastUsed = now;
        }
        return found;
    }

    private static CachedSeries? Find(CachedSeries?[] slots, int hash, ReadOnlySpan<Label> sorted)
    {
        int mask = slots.Length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask)
        {
            var entry = Volatile.Read(ref slots[i]);
            if (entry is null)
            {
                return null; // at most half full: every probe ends at a gap
            }
            if (entry.Hash == hash && SameLabels(entry.Labels.AsSpan(), sorted))
            {
                return entry;
            }
        }
    }

    private static void Insert(CachedSeries?[] slots, CachedSeries entry)
    {
        int mask = slots.Length - 1;
        int i = entry.Hash & mask;
        while (slots[i] is not null)
        {
            i = (i + 1) & mask;
        }
        Volatile.Write(ref slots[i], entry);
    }

    /// <summary>
    /// A new table holding the entries used lately, at most half full with room for the insert that asked
    /// (under the lock). At the maximum size and full of live entries, it starts empty.
    /// </summary>
    private CachedSeries?[] Rebuild(CachedSeries?[] old, int now)
    {
        int since = now - _staleAfterSeconds;
        int live = 0;
        foreach (var entry in old)
        {
            if (entry is not null && entry.LastUsed >= since)
            {
                live++;
            }
        }
        int size = old.Length;
        while ((live + 1) * 2 > size && size < MaxCapacity)
        {
            size *= 2;
        }
        bool keep = (live + 1) * 2 <= size;
        var rebuilt = new CachedSeries?[size];
        int count = 0;
        if (keep)
        {
            foreach (var entry in old)
            {
                if (entry is not null && entry.LastUsed >= since)
                {
                    Insert(rebuilt, entry);
                    count++;
                }
            }
        }
        _count = count;
        Volatile.Write(ref _slots, rebuilt);
        return rebuilt;
    }

    private static int Hash(ReadOnlySpan<Label> labels)
    {
        var hash = new HashCode();
        foreach (var label in labels)
        {
            hash.Add(label.Name);
            hash.Add(label.Value);
        }
        return hash.ToHashCode();
    }

    private static bool SameLabels(ReadOnlySpan<Label> cached, ReadOnlySpan<Label> sorted)
    {
        if (cached.Length != sorted.Length)
        {
            return false;
        }
        for (int i = 0; i < cached.Length; i++)
        {
            // Strings come from the decoder's caches, so the reference check usually decides.
            if (!ReferenceEquals(cached[i].Name, sorted[i].Name) && !string.Equals(cached[i].Name, sorted[i].Name, StringComparison.Ordinal))
            {
                return false;
            }
            if (!ReferenceEquals(cached[i].Value, sorted[i].Value) && !string.Equals(cached[i].Value, sorted[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }
}

/// <summary>A cached label set and the last series ref the store returned for it (0 = unknown).</summary>
internal sealed class CachedSeries(Labels labels, int hash)
{
    public Labels Labels { get; } = labels;
    public int Hash { get; } = hash;
    private ulong _ref;

    /// <summary>When the cache last returned the entry, in its clock's seconds (rebuilds keep recent ones).</summary>
    public int LastUsed { get; set; } = int.MinValue;

    public ulong Ref
    {
        get => Volatile.Read(ref _ref);
        set => Volatile.Write(ref _ref, value);
    }
}
