using System.Numerics;
using Vigil.Metrics.Model;

namespace Vigil.Metrics.Ingest.RemoteWrite;

/// <summary>
/// Remembers, per label set a sender keeps sending, the <see cref="Labels"/> built for it and the store's
/// series ref. A steady stream then builds no <see cref="Labels"/> per series and request, and the
/// appender finds the series by ref instead of hashing the set (Prometheus' scrape cache does the same
/// for scrapes). Direct-mapped with a fixed size: memory is bounded and a collision only evicts.
/// Thread-safe: entries are immutable apart from the ref hint, and a stale hint is harmless because the
/// appender falls back to the labels when a ref no longer resolves.
/// </summary>
internal sealed class SeriesLabelsCache
{
    private readonly CachedSeries?[] _slots;
    private readonly int _mask;

    public SeriesLabelsCache(int capacity = 16384)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity));
        _slots = new CachedSeries?[size];
        _mask = size - 1;
    }

    /// <summary>The entry for a sorted, valid label set; built and cached on a miss.</summary>
    public CachedSeries Get(ReadOnlySpan<Label> sorted)
    {
        int hash = Hash(sorted);
        int slot = hash & _mask;
        var entry = Volatile.Read(ref _slots[slot]);
        if (entry is not null && entry.Hash == hash && SameLabels(entry.Labels.AsSpan(), sorted))
        {
            return entry;
        }
        entry = new CachedSeries(Labels.FromSorted(sorted.ToArray()), hash);
        Volatile.Write(ref _slots[slot], entry);
        return entry;
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
