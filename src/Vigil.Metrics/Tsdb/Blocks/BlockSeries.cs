namespace Vigil.Metrics.Tsdb.Blocks;

/// <summary>
/// One chunk handed to or from a block: its time range (both inclusive), the encoding byte
/// (<see cref="Chunks.ChunkEncoding"/>) and the encoded bytes (XOR, the <see cref="Chunks.XorChunk"/> layout).
/// On disk a block stores the samples in its own columnar form (docs/formats/metrics-block.md); these
/// bytes are what goes in and what comes out.
/// </summary>
internal readonly record struct ChunkData(long MinT, long MaxT, byte Encoding, ReadOnlyMemory<byte> Data);

/// <summary>A series as written to or read from a block: labels and chunks sorted by MinT, not overlapping.</summary>
internal readonly record struct BlockSeries(Model.Labels Labels, IReadOnlyList<ChunkData> Chunks);
