namespace Vigil.Metrics.Tsdb.Blocks;

/// <summary>
/// What a block holds (Prometheus <c>BlockMeta</c>, <c>tsdb/block.go</c>): its ULID, the time range
/// [MinT, MaxT) — MaxT exclusive, as Prometheus's — counts, and its compaction history. Written once as
/// <c>meta.json</c> (<see cref="BlockMetaFile"/>); <see cref="NumTombstones"/> is not stored there but
/// counted from the tombstones file when the block is opened (tombstones change, the meta does not).
/// </summary>
internal sealed record BlockMeta(
    string Id,
    long MinT,
    long MaxT,
    long NumSeries,
    long NumSamples,
    long NumChunks,
    int CompactionLevel,
    IReadOnlyList<string> Parents)
{
    /// <summary>The level-1 blocks this one was compacted from (itself for a level-1 block), sorted.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [Id];

    /// <summary>Series with at least one deleted interval (from the tombstones file, not from meta.json).</summary>
    public long NumTombstones { get; init; }

    /// <summary>Format version of the block's files (see docs/formats/metrics-block.md).</summary>
    public int Version { get; init; } = 1;

    /// <summary>Whether [mint, maxt] (both inclusive) overlaps the block's [MinT, MaxT).</summary>
    public bool OverlapsClosedInterval(long mint, long maxt) => mint < MaxT && maxt >= MinT;
}
