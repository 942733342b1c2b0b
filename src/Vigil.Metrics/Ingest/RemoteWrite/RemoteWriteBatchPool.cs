using System.Collections.Concurrent;

namespace Vigil.Metrics.Ingest.RemoteWrite;

/// <summary>
/// Keeps a few decoded-request batches for reuse, so their arrays (sized by earlier requests) are not
/// reallocated per request. Bounded in count, and a batch grown past <see cref="MaxFootprint"/> elements
/// by one huge request is let go instead of pinning that memory.
/// </summary>
internal sealed class RemoteWriteBatchPool
{
    /// <summary>128K elements: about 2 MiB of labels; Prometheus sends 2,000 samples per request by default.</summary>
    public const int MaxFootprint = 1 << 17;

    private readonly ConcurrentQueue<RemoteWriteBatch> _free = new();
    private readonly int _capacity;
    private int _count;

    public RemoteWriteBatchPool(int capacity = 0) => _capacity = capacity > 0 ? capacity : Environment.ProcessorCount * 2;

    public RemoteWriteBatch Rent()
    {
        if (_free.TryDequeue(out var batch))
        {
            Interlocked.Decrement(ref _count);
            return batch;
        }
        return new RemoteWriteBatch();
    }

    public void Return(RemoteWriteBatch batch)
    {
        batch.Reset();
        if (batch.Footprint > MaxFootprint)
        {
            return;
        }
        if (Interlocked.Increment(ref _count) > _capacity)
        {
            Interlocked.Decrement(ref _count);
            return;
        }
        _free.Enqueue(batch);
    }
}
