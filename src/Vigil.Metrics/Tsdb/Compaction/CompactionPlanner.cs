using Vigil.Metrics.Tsdb.Blocks;

namespace Vigil.Metrics.Tsdb.Compaction;

/// <summary>
/// Decides which blocks to merge next, with Prometheus's leveled rules (<c>tsdb/compact.go</c>,
/// <c>LeveledCompactor.plan</c>): overlapping blocks first (vertical compaction); otherwise, leaving the
/// newest block alone so a fresh block can still be backed up piecewise, the first group that fills a
/// whole range of the next size, or lies entirely before the newest block; otherwise a big enough block
/// whose tombstones cover over 5% of its series (or all of them). Pure functions over metas.
/// </summary>
internal static class CompactionPlanner
{
    /// <summary>Prometheus's default: 2h blocks merged in steps of 3 (2h, 6h, 18h, 54h, …).</summary>
    public const long DefaultMinBlockMs = 2 * 3600 * 1000;

    /// <summary>The largest block Prometheus builds by default (31 days), whatever the retention.</summary>
    public const long MaxBlockMsCap = 31L * 24 * 3600 * 1000;

    /// <summary><paramref name="steps"/> ranges starting at <paramref name="minSize"/>, each <paramref name="stepSize"/> times the previous.</summary>
    public static long[] ExponentialBlockRanges(long minSize, int steps, int stepSize)
    {
        var ranges = new long[steps];
        long current = minSize;
        for (int i = 0; i < steps; i++)
        {
            ranges[i] = current;
            current *= stepSize;
        }
        return ranges;
    }

    /// <summary>
    /// The ranges for a time retention (0 = none): 10 steps of 3 from <paramref name="minBlockMs"/>, cut
    /// where a range would exceed retention / 10 (capped at 31 days), as Prometheus's <c>main.go</c>
    /// derives <c>--storage.tsdb.max-block-duration</c>. Always at least the minimum range.
    /// </summary>
    public static long[] RangesForRetention(long retentionMs, long minBlockMs = DefaultMinBlockMs)
    {
        long max = retentionMs > 0 ? Math.Min(retentionMs / 10, MaxBlockMsCap) : MaxBlockMsCap;
        var all = ExponentialBlockRanges(minBlockMs, 10, 3);
        int keep = 0;
        while (keep < all.Length && all[keep] <= max) keep++;
        return keep == 0 ? [minBlockMs] : all[..keep];
    }

    /// <summary>The blocks to compact together next (sorted by MinT), or an empty list.</summary>
    public static IReadOnlyList<BlockMeta> Plan(IReadOnlyList<BlockMeta> blocks, IReadOnlyList<long> ranges)
    {
        if (blocks.Count == 0 || ranges.Count == 0) return [];
        var sorted = blocks.OrderBy(b => b.MinT).ToList();

        var overlapping = SelectOverlapping(sorted);
        if (overlapping.Count > 0) return overlapping;

        // Leave the newest block out: it was just cut from the head.
        sorted.RemoveAt(sorted.Count - 1);
        var group = SelectRange(sorted, ranges);
        if (group.Count > 0) return group;

        for (int i = sorted.Count - 1; i >= 0; i--)
        {
            var meta = sorted[i];
            if (meta.MaxT - meta.MinT < ranges[ranges.Count / 2])
            {
                // A small block is worth rewriting only when tombstones cover all of it.
                if (meta.NumTombstones > 0 && meta.NumTombstones >= meta.NumSeries) return [meta];
                break;
            }
            if ((double)meta.NumTombstones / (meta.NumSeries + 1) > 0.05) return [meta];
        }
        return [];
    }

    /// <summary>The first run of blocks whose time ranges overlap (input sorted by MinT).</summary>
    private static List<BlockMeta> SelectOverlapping(List<BlockMeta> sorted)
    {
        var result = new List<BlockMeta>();
        if (sorted.Count < 2) return result;
        long globalMaxT = sorted[0].MaxT;
        for (int i = 1; i < sorted.Count; i++)
        {
            var b = sorted[i];
            if (b.MinT < globalMaxT)
            {
                if (result.Count == 0) result.Add(sorted[i - 1]);
                result.Add(b);
            }
            else if (result.Count > 0) break;
            globalMaxT = Math.Max(globalMaxT, b.MaxT);
        }
        return result;
    }

    private static List<BlockMeta> SelectRange(List<BlockMeta> sorted, IReadOnlyList<long> ranges)
    {
        if (ranges.Count < 2 || sorted.Count < 1) return [];
        long highTime = sorted[^1].MinT;
        for (int r = 1; r < ranges.Count; r++)
        {
            foreach (var part in SplitByRange(sorted, ranges[r]))
            {
                long mint = part[0].MinT, maxt = part[^1].MaxT;
                // The whole range is covered (gaps allowed), or it lies before the newest block: nothing more will join it.
                if ((maxt - mint == ranges[r] || maxt <= highTime) && part.Count > 1) return part;
            }
        }
        return [];
    }

    /// <summary>
    /// Groups blocks by aligned windows of width <paramref name="range"/> (0-based), skipping blocks that
    /// do not fit one window. [0-10, 10-20, 50-60, 90-100] by 30 gives [0-10, 10-20], [50-60], [90-100].
    /// </summary>
    internal static List<List<BlockMeta>> SplitByRange(IReadOnlyList<BlockMeta> sorted, long range)
    {
        var groups = new List<List<BlockMeta>>();
        for (int i = 0; i < sorted.Count;)
        {
            var m = sorted[i];
            long t0 = m.MinT >= 0 ? range * (m.MinT / range) : range * ((m.MinT - range + 1) / range);
            if (m.MaxT > t0 + range) { i++; continue; }
            var group = new List<BlockMeta>();
            for (; i < sorted.Count; i++)
            {
                if (sorted[i].MaxT > t0 + range) break;
                group.Add(sorted[i]);
            }
            if (group.Count > 0) groups.Add(group);
        }
        return groups;
    }
}
