using System.Numerics;
using Vigil.Metrics.Model;

namespace Vigil.Metrics.Ingest.RemoteWrite;

/// <summary>
/// Remembers, per label set a sender keeps sending, the <see cref="Labels"/> built for it and the store's
/// series ref. A steady stream then builds no <see cref="Labels"/> per series and request, and the
/// appender finds the series by ref instead of hashing the set (Prometheus' scrape cache does the same
/// for scrapes). Four-way set-associative: a new set evicts the oldest of its group of four. The table
/// starts at 64K entries and doubles (up to <see cref="MaxCapacity"/>) each time it has had to insert a sixteenth
/// as many entries as it has slots, so it follows the number of active series instead of thrashing: with a
/// fixed 64K two-way table, 20,000 series missed on about one lookup in eight (a set of three or more
/// sharing a pair evicts each other in turn), and 100,000 series missed nearly always, each miss building
/// a <see cref="Labels"/> afresh (the largest allocation of ingestion after the appender's staging).
/// Growth slows by itself once groups rarely overflow (about 4-8 slots per active series, 32-64 bytes),
/// and stops at the maximum. Besides the slots each entry is one small object, and its
/// <see cref="Labels"/> is mostly the very instance the head keeps for the series. Thread-safe: entries
/// are immutable apart from the ref hint, a stale hint is harmless because the appender falls back to
/// the labels when a ref no longer resolves, and a write lost to a concurrent resize only costs a miss.
/// </summary>
internal sealed class SeriesLabelsCache
{
    /// <summary>2M entries (16 MiB of references): few misses up to about 500,000 active series per door.</summary>
    public const int MaxCapacity = 1 << 21;

    private const int Ways = 4;

    private CachedSeries?[] _slots;
    private int _inserts;
    private readonly Lock _growLock = new();

    public SeriesLabelsCache(int capacity = 65536)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(capacity, 16, MaxCapacity));
        _slots = new CachedSeries?[size];
    }

    /// <summary>Slots in the table now (tests).</summary>
    public int Capacity => Volatile.Read(ref _slots).Length;

    /// <summary>The entry for a sorted, valid label set; built and cached on a miss.</summary>
    public CachedSeries Get(ReadOnlySpan<Label> sorted)
    {
        int hash = Hash(sorted);
        var slots = Volatile.Read(ref _slots);
        int first = hash & (slots.Length - 1) & ~(Ways - 1);
        for (int i = first; i < first + Ways; i++)
        {
            var entry = Volatile.Read(ref slots[i]);
            if (entry is null)
            {
                break; // the group fills from its front, so nothing follows a gap
            }
            if (entry.Hash == hash && SameLabels(entry.Labels.AsSpan(), sorted))
            {
                return entry;
            }
        }
        // The newest goes first and the others move down one: the oldest of the group is evicted.
        var created = new CachedSeries(Labels.FromSorted(sorted.ToArray()), hash);
        for (int i = first + Ways - 1; i > first; i--)
        {
            Volatile.Write(ref slots[i], Volatile.Read(ref slots[i - 1]));
        }
        Volatile.Write(ref slots[first], created);
        if (Interlocked.Increment(ref _inserts) >= slots.Length / 16 && slots.Length < MaxCapacity)
        {
            Grow(slots);
        }
        return created;
    }

    /// <summary>Doubles the table, keeping every entry (newest first in each group, as they were).</summary>
    private void Grow(CachedSeries?[] seen)
    {
        lock (_growLock)
        {
            if (!ReferenceEquals(_slots, seen))
            {
                return; // another thread grew it already
            }
            var grown = new CachedSeries?[seen.Length * 2];
            int mask = grown.Length - 1;
            for (int group = 0; group < seen.Length; group += Ways)
            {
                for (int i = group; i < group + Ways; i++)
                {
                    var entry = Volatile.Read(ref seen[i]);
                    if (entry is null)
                    {
                        break;
                    }
                    int to = entry.Hash & mask & ~(Ways - 1);
                    int end = to + Ways;
                    while (to < end && grown[to] is not null)
                    {
                        to++;
                    }
                    if (to < end)
                    {
                        grown[to] = entry;
                    }
                }
            }
            Volatile.Write(ref _inserts, 0);
            Volatile.Write(ref _slots, grown);
        }
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

    public ulong Ref
    {
        get => Volatile.Read(ref _ref);
        set => Volatile.Write(ref _ref, value);
    }
}
