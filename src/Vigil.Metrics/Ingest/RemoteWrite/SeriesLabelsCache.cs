using System.Numerics;
using Vigil.Metrics.Model;

namespace Vigil.Metrics.Ingest.RemoteWrite;

/// <summary>
/// Remembers, per label set a sender keeps sending, the <see cref="Labels"/> built for it and the store's
/// series ref. A steady stream then builds no <see cref="Labels"/> per series and request, and the
/// appender finds the series by ref instead of hashing the set (Prometheus' scrape cache does the same
/// for scrapes). Two-way set-associative with a fixed size (64K entries, 512 KiB of references): memory
/// is bounded, a new set evicts the older of its pair, and the entries' <see cref="Labels"/> are mostly
/// the very instances the head keeps for its series. Thread-safe: entries are immutable apart from the ref hint, and a stale hint is harmless because the
/// appender falls back to the labels when a ref no longer resolves.
/// </summary>
internal sealed class SeriesLabelsCache
{
    private readonly CachedSeries?[] _slots;
    private readonly int _mask;

    public SeriesLabelsCache(int capacity = 65536)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity));
        _slots = new CachedSeries?[size];
        _mask = size - 1;
    }

    /// <summary>The entry for a sorted, valid label set; built and cached on a miss.</summary>
    public CachedSeries Get(ReadOnlySpan<Label> sorted)
    {
        int hash = Hash(sorted);
        int first = hash & _mask & ~1, second = first + 1;
        var entry = Volatile.Read(ref _slots[first]);
        if (entry is not null && entry.Hash == hash && SameLabels(entry.Labels.AsSpan(), sorted))
        {
            return entry;
        }
        var other = Volatile.Read(ref _slots[second]);
        if (other is not null && other.Hash == hash && SameLabels(other.Labels.AsSpan(), sorted))
        {
            return other;
        }
        // The newest goes first, the previous first moves to second: the older of the pair is evicted.
        var created = new CachedSeries(Labels.FromSorted(sorted.ToArray()), hash);
        if (entry is not null)
        {
            Volatile.Write(ref _slots[second], entry);
        }
        Volatile.Write(ref _slots[first], created);
        return created;
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
