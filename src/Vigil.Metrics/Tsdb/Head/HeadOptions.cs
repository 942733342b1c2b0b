namespace Vigil.Metrics.Tsdb.Head;

internal sealed class HeadOptions
{
    /// <summary>Block range (Prometheus's min block duration, 2h): chunks never straddle a multiple of it.</summary>
    public long ChunkRangeMs { get; init; } = 2 * 3600 * 1000;

    /// <summary>Accept samples this far behind a series' newest (0 = reject out-of-order, Prometheus's default).</summary>
    public long OutOfOrderWindowMs { get; init; }
}
