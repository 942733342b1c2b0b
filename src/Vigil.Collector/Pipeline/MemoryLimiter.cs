namespace Vigil.Collector.Pipeline;

/// <summary>
/// Bounds the data queued between receivers and exporters. Each request reserves an estimate of its
/// decoded size before it is queued and releases it once every exporter is done with it; a request that
/// would pass the limit is refused instead of queued, so memory never grows without bound.
/// Thread-safe (one interlocked counter).
/// </summary>
public sealed class MemoryLimiter
{
    /// <summary>
    /// Decoded size per wire byte. The model keeps strings as UTF-16 (2x), plus object headers and arrays;
    /// measured on the benchmark batches at roughly 3-4x the protobuf size, so 4 is a safe upper estimate.
    /// </summary>
    public const int ExpansionFactor = 4;

    private readonly long _limit;
    private long _used;

    public MemoryLimiter(long limitBytes) => _limit = limitBytes;

    public long LimitBytes => _limit;

    public long UsedBytes => Interlocked.Read(ref _used);

    /// <summary>True while there is room for at least a small request.</summary>
    public bool HasCapacity => Interlocked.Read(ref _used) < _limit;

    public static long Estimate(long wireBytes) => Math.Max(1, wireBytes) * ExpansionFactor;

    public bool TryReserve(long bytes)
    {
        long after = Interlocked.Add(ref _used, bytes);
        // The first request into an empty pipeline is always taken, so a single request bigger than the
        // limit cannot wedge a receiver forever (it is still bounded by the body size limit).
        if (after > _limit && after != bytes)
        {
            Interlocked.Add(ref _used, -bytes);
            return false;
        }
        return true;
    }

    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);
}
