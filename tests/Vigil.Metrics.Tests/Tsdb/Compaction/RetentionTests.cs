using Vigil.Metrics.Tsdb.Compaction;
using static Vigil.Metrics.Tsdb.Compaction.Retention;

namespace Vigil.Metrics.Tests.Tsdb.Compaction;

public class RetentionTests
{
    private static readonly Candidate[] Blocks =
    [
        new("a", 100, 10), // oldest
        new("b", 200, 20),
        new("c", 300, 30),
        new("d", 400, 40), // newest
    ];

    [Fact]
    public void Time_retention_counts_from_the_newest_block_and_takes_every_older_one()
    {
        Assert.Empty(BeyondTime(Blocks, 0));
        Assert.Empty(BeyondTime(Blocks, 301));
        Assert.Equal(["a"], BeyondTime(Blocks, 300).Order());      // 400 - 100 >= 300
        Assert.Equal(["a", "b"], BeyondTime(Blocks, 200).Order());
        Assert.Equal(["a", "b", "c"], BeyondTime(Blocks, 1).Order());
        Assert.Empty(BeyondTime([new Candidate("x", 5, 1)], 1)); // the newest block itself never goes
        Assert.Equal(["a", "b"], BeyondTime(Blocks.Reverse(), 200).Order()); // input order does not matter
    }

    [Fact]
    public void Size_retention_keeps_the_newest_blocks_that_fit_with_the_head()
    {
        Assert.Empty(BeyondSize(Blocks, 0, 0));
        Assert.Empty(BeyondSize(Blocks, 100, 0));                     // 40+30+20+10 = 100 fits
        Assert.Equal(["a"], BeyondSize(Blocks, 99, 0).Order());
        Assert.Equal(["a", "b"], BeyondSize(Blocks, 100, 11).Order()); // WAL and head count first
        Assert.Equal(["a", "b", "c", "d"], BeyondSize(Blocks, 100, 100).Order());
        Assert.Equal(["a", "b", "c"], BeyondSize(Blocks, 45, 0).Order());
    }
}
