namespace Vigil.Metrics.Tsdb.Blocks;

/// <summary>
/// A least-recently-used cache of decoded chunk pages shared by every open block, bounded in bytes, so
/// open blocks hold their index in memory but their chunk data only while it is being queried
/// (Prometheus leaves this to the OS page cache over mmapped files; a decoded page here is a zstd
/// decompression and a re-encode saved). Thread-safe; one lock, held only for dictionary and list updates.
/// </summary>
internal sealed class PageCache(long capacityBytes)
{
    private readonly Dictionary<(long Owner, int Page), LinkedListNode<Entry>> _map = [];
    private readonly LinkedList<Entry> _lru = new();
    private readonly Lock _lock = new();
    private long _bytes;
    private static long s_nextOwner;

    /// <summary>The cache blocks use unless given another: 64 MiB.</summary>
    public static PageCache Shared { get; } = new(64L << 20);

    public long CapacityBytes { get; } = capacityBytes;
    public long Bytes { get { lock (_lock) return _bytes; } }
    public int Count { get { lock (_lock) return _map.Count; } }

    /// <summary>A distinct id for one reader's pages.</summary>
    public static long NewOwner() => Interlocked.Increment(ref s_nextOwner);

    public bool TryGet(long owner, int page, out DecodedPage decoded)
    {
        lock (_lock)
        {
            if (_map.TryGetValue((owner, page), out var node))
            {
                _lru.Remove(node);
                _lru.AddFirst(node);
                decoded = node.Value.Page;
                return true;
            }
        }
        decoded = null!;
        return false;
    }

    public void Add(long owner, int page, DecodedPage decoded)
    {
        if (decoded.Bytes > CapacityBytes) return;
        lock (_lock)
        {
            if (_map.TryGetValue((owner, page), out var existing)) Unlink(existing);
            var node = _lru.AddFirst(new Entry(owner, page, decoded));
            _map[(owner, page)] = node;
            _bytes += decoded.Bytes;
            while (_bytes > CapacityBytes && _lru.Last is { } last) Unlink(last);
        }
    }

    /// <summary>Drops every page of <paramref name="owner"/> (its block was closed).</summary>
    public void RemoveOwner(long owner)
    {
        lock (_lock)
        {
            var node = _lru.First;
            while (node is not null)
            {
                var next = node.Next;
                if (node.Value.Owner == owner) Unlink(node);
                node = next;
            }
        }
    }

    private void Unlink(LinkedListNode<Entry> node)
    {
        _lru.Remove(node);
        _map.Remove((node.Value.Owner, node.Value.PageIndex));
        _bytes -= node.Value.Page.Bytes;
    }

    private sealed record Entry(long Owner, int PageIndex, DecodedPage Page);
}
