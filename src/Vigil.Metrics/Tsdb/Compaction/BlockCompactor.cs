using Vigil.Metrics.Tsdb.Blocks;

namespace Vigil.Metrics.Tsdb.Compaction;

/// <summary>
/// Merges blocks into one (Prometheus <c>LeveledCompactor.Compact</c>): the result spans the union of
/// their ranges, holds every series of every block with tombstoned samples removed and overlapping
/// samples deduplicated, has level max(levels) + 1, the inputs as parents and the union of their sources.
/// The inputs are left untouched; the caller swaps the new block in and retires the old ones
/// (<see cref="Block.MarkForDeletion"/>). A result with no samples is still written (NumSamples 0):
/// the caller then deletes it together with the inputs, as Prometheus marks them deletable.
/// </summary>
internal static class BlockCompactor
{
    public static BlockMeta Compact(string blocksDir, IReadOnlyList<Block> blocks) =>
        Compact(blocksDir, blocks, ChunksFileOptions.Default);

    public static BlockMeta Compact(string blocksDir, IReadOnlyList<Block> blocks, ChunksFileOptions options)
    {
        if (blocks.Count == 0) throw new ArgumentException("no blocks to compact");
        var ordered = blocks.OrderBy(b => b.Meta.MinT).ToList();
        var metas = ordered.ConvertAll(b => b.Meta);
        long minT = metas.Min(m => m.MinT), maxT = metas.Max(m => m.MaxT);
        int level = metas.Max(m => m.CompactionLevel) + 1;
        var parents = metas.ConvertAll(m => m.Id);
        var sources = metas.SelectMany(m => m.Sources).Distinct(StringComparer.Ordinal).ToList();
        var merged = SeriesMerger.Merge(ordered.ConvertAll(b => b.AllSeries()));
        return BlockWriter.Write(blocksDir, minT, maxT, merged, level, parents, sources, options);
    }
}
