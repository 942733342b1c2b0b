using Vigil.Core.Buffers;

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

    private readonly BoundedPool<RemoteWriteBatch> _kept;

    public RemoteWriteBatchPool(int capacity = 0) => _kept = new(capacity);

    public RemoteWriteBatch Rent() => _kept.TryRent(out var batch) ? batch : new RemoteWriteBatch();

    public void Return(RemoteWriteBatch batch)
    {
        batch.Reset();
        if (batch.Footprint > MaxFootprint)
        {
            return;
        }
        _kept.Return(batch);
    }
}
