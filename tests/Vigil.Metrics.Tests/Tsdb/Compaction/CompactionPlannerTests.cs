using Vigil.Metrics.Tsdb.Blocks;
using Vigil.Metrics.Tsdb.Compaction;

namespace Vigil.Metrics.Tests.Tsdb.Compaction;

/// <summary>Cases after Prometheus's <c>TestLeveledCompactor_plan</c> (ranges 20, 60, 180, 540, 1620).</summary>
public class CompactionPlannerTests
{
    private static readonly long[] Ranges = CompactionPlanner.ExponentialBlockRanges(20, 5, 3);

    private static BlockMeta M(string id, long minT, long maxT, long series = 10, long tombstones = 0) =>
        new(id, minT, maxT, series, 100, 10, 1, []) { NumTombstones = tombstones };

    private static string[] Plan(params BlockMeta[] metas) => [.. CompactionPlanner.Plan(metas, Ranges).Select(m => m.Id)];

    [Fact]
    public void Exponential_ranges_and_retention_cap()
    {
        Assert.Equal([20L, 60, 180, 540, 1620], Ranges);
        const long H = 3600_000;
        Assert.Equal([2 * H, 6 * H, 18 * H], CompactionPlanner.RangesForRetention(15 * 24 * H)); // retention/10 = 36h
        Assert.Equal([2 * H], CompactionPlanner.RangesForRetention(24 * H)); // retention/10 = 2.4h
        Assert.Equal([2 * H], CompactionPlanner.RangesForRetention(H)); // never below the minimum
        Assert.Equal(6, CompactionPlanner.RangesForRetention(0).Length); // 2h … 486h ≤ 31d
    }

    [Fact]
    public void Nothing_to_do_with_one_or_no_block()
    {
        Assert.Empty(Plan());
        Assert.Empty(Plan(M("1", 0, 20)));
    }

    [Fact]
    public void Newest_block_is_left_out()
    {
        // 0-20, 20-40 would fill 0-60 only with 40-60, which is the newest: wait.
        Assert.Empty(Plan(M("1", 0, 20), M("2", 20, 40)));
        Assert.Empty(Plan(M("1", 0, 20), M("2", 20, 40), M("3", 40, 60)));
        Assert.Equal(["1", "2", "3"], Plan(M("1", 0, 20), M("2", 20, 40), M("3", 40, 60), M("4", 60, 80)));
    }

    [Fact]
    public void A_group_before_the_newest_block_is_compacted_even_with_gaps()
    {
        // The newest block left out is 80-100; 0-20 and 20-40 end before 60-80 starts, so nothing else can join them.
        Assert.Equal(["1", "2"], Plan(M("1", 0, 20), M("2", 20, 40), M("3", 60, 80), M("4", 80, 100)));
        Assert.Empty(Plan(M("1", 0, 20), M("2", 20, 40), M("3", 60, 80)));
        Assert.Equal(["2", "4"], Plan(M("1", 0, 60), M("2", 60, 80), M("4", 100, 120), M("5", 120, 140)));
    }

    [Fact]
    public void Larger_ranges_are_built_from_smaller_ones()
    {
        Assert.Equal(["1", "2", "3"], Plan(M("1", 0, 60), M("2", 60, 120), M("3", 120, 180), M("4", 180, 200)));
        Assert.Empty(Plan(M("1", 0, 60), M("2", 60, 120), M("3", 120, 180)));
    }

    [Fact]
    public void Overlapping_blocks_come_first_whatever_their_age()
    {
        Assert.Equal(["1", "2"], Plan(M("1", 0, 20), M("2", 19, 40), M("3", 40, 60)));
        Assert.Equal(["2", "3"], Plan(M("1", 0, 20), M("2", 20, 40), M("3", 30, 50)));
        Assert.Equal(["1", "2", "3"], Plan(M("1", 0, 20), M("2", 10, 40), M("3", 30, 50), M("4", 60, 80)));
        // Only the first run of overlaps.
        Assert.Equal(["1", "2"], Plan(M("1", 0, 20), M("2", 10, 20), M("3", 40, 60), M("4", 50, 70)));
    }

    [Fact]
    public void Blocks_with_many_tombstones_are_rewritten()
    {
        // Big enough (≥ ranges[2] = 180) and over 5% of series tombstoned.
        Assert.Equal(["1"], Plan(M("1", 0, 540, series: 100, tombstones: 6), M("2", 540, 560)));
        Assert.Empty(Plan(M("1", 0, 540, series: 100, tombstones: 5), M("2", 540, 560)));
        // Small blocks only when every series is tombstoned.
        Assert.Equal(["1"], Plan(M("1", 0, 20, series: 3, tombstones: 3), M("2", 60, 80)));
        Assert.Empty(Plan(M("1", 0, 20, series: 3, tombstones: 2), M("2", 60, 80)));
    }

    [Fact]
    public void Split_by_range_groups_aligned_windows()
    {
        var groups = CompactionPlanner.SplitByRange([M("a", 0, 10), M("b", 10, 20), M("c", 50, 60), M("d", 90, 100)], 30);
        Assert.Equal([["a", "b"], ["c"], ["d"]], groups.Select(g => g.Select(m => m.Id).ToArray()).ToArray());
        // A block wider than the window is skipped; negative times align downwards.
        groups = CompactionPlanner.SplitByRange([M("a", -30, -10), M("b", -10, 0), M("c", 0, 40)], 30);
        Assert.Equal([["a", "b"]], groups.Select(g => g.Select(m => m.Id).ToArray()).ToArray());
    }
}
