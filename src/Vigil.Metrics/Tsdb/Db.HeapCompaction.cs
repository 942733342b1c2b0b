using System.Runtime;

namespace Vigil.Metrics.Tsdb;

/// <summary>
/// Hands memory back to the OS around a block cut. The head lives in gen2: its chunk arrays, made while
/// samples arrive, die there once a block holds them, and what a gen2 collection frees in place stays
/// committed as fragmentation; the large object heap is never compacted by default. The peak RSS of a
/// Prometheus-style server comes at the cut (the head is at its largest, 1.5 block ranges, and the block
/// writer allocates on top), so one compacting, decommitting collection right before the cut lets the
/// writer reuse that space, and one after the truncation returns what the dropped chunks held.
/// </summary>
public sealed partial class Db
{
    private void CompactHeap()
    {
        if (!Options.CompactHeapAtBlockCut) return;
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        // Aggressive: blocking, compacting, and decommits the free space instead of keeping it for reuse.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
