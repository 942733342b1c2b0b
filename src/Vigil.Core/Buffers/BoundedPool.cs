using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Vigil.Core.Buffers;

/// <summary>
/// Keeps up to a fixed number of reusable objects (buffers sized by earlier work), so a steady stream of
/// requests reuses them instead of allocating. Bounded, so a burst of concurrent work does not leave more
/// behind than a steady stream needs: returns beyond the bound are dropped. Thread-safe.
/// </summary>
public sealed class BoundedPool<T>(int capacity = 0) where T : class
{
    private readonly ConcurrentQueue<T> _free = new();
    private readonly int _capacity = capacity > 0 ? capacity : Environment.ProcessorCount * 2;
    private int _count;

    /// <summary>Objects held for reuse now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>A kept object, if any.</summary>
    public bool TryRent([NotNullWhen(true)] out T? item)
    {
        if (_free.TryDequeue(out item))
        {
            Interlocked.Decrement(ref _count);
            return true;
        }
        return false;
    }

    /// <summary>Keeps <paramref name="item"/> unless the pool is full; the caller must not touch it afterwards.</summary>
    public void Return(T item)
    {
        if (Interlocked.Increment(ref _count) > _capacity)
        {
            Interlocked.Decrement(ref _count);
            return;
        }
        _free.Enqueue(item);
    }
}
