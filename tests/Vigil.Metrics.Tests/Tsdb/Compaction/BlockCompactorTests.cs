using Vigil.Metrics.Model;
using Vigil.Metrics.Tests.Tsdb.Blocks;
using Vigil.Metrics.Tsdb.Blocks;
using Vigil.Metrics.Tsdb.Compaction;
using Vigil.Metrics.Tsdb.Querying;
using static Vigil.Metrics.Tests.Tsdb.Blocks.BlockTestData;

namespace Vigil.Metrics.Tests.Tsdb.Compaction;

public class BlockCompactorTests
{
    private static readonly Matcher All = Matcher.Create(MatcherType.Regex, "__name__", ".+");

    private static Block WriteAndOpen(string dir, long minT, long maxT, IEnumerable<BlockSeries> series, int level = 1)
    {
        var meta = BlockWriter.Write(dir, minT, maxT, series, level);
        return Block.Open(Path.Combine(dir, meta.Id));
    }

    [Fact]
    public void Three_adjacent_blocks_become_one_with_the_same_data()
    {
        using var dir = new TempDir();
        var a = Labels.Of("__name__", "a");
        var b = Labels.Of("__name__", "b", "x", "1");
        var c = Labels.Of("__name__", "c");
        var blocks = new List<Block>
        {
            WriteAndOpen(dir.Path, 0, 1000, [Series(a, Samples(0, 10, 100, i => i)), Series(b, Samples(5, 10, 100, i => -i))]),
            WriteAndOpen(dir.Path, 1000, 2000, [Series(a, Samples(1000, 10, 100, i => 100 + i)), Series(c, Samples(1000, 7, 100, i => 0.5 * i))], level: 2),
            WriteAndOpen(dir.Path, 2000, 3000, [Series(b, Samples(2000, 10, 100, i => i * 1.5))]),
        };
        SortedDictionary<string, List<(long T, double V)>> before;
        using (var q = new MergeQuerier(blocks.ConvertAll(bl => bl.Querier(0, 3000))))
            before = Query(q, All);

        var meta = BlockCompactor.Compact(dir.Path, blocks);
        Assert.Equal((0L, 3000L), (meta.MinT, meta.MaxT));
        Assert.Equal(3, meta.CompactionLevel);
        Assert.Equal(blocks.ConvertAll(bl => bl.Meta.Id), meta.Parents);
        Assert.Equal(blocks.SelectMany(bl => bl.Meta.Sources).Order(StringComparer.Ordinal), meta.Sources);
        Assert.Equal(3, meta.NumSeries);
        Assert.Equal(500, meta.NumSamples);

        using var merged = Block.Open(Path.Combine(dir.Path, meta.Id));
        using var mq = merged.Querier(0, 3000);
        AssertSameResult(before, Query(mq, All), "compacted");
        foreach (var bl in blocks) bl.Dispose();
    }

    [Fact]
    public void Overlapping_blocks_are_merged_and_duplicates_dropped()
    {
        using var dir = new TempDir();
        var s = Labels.Of("__name__", "s");
        // Block 1: t = 0,10,…,990 valued 1; block 2 overlaps: t = 500,505,…,1495 valued 2.
        var first = WriteAndOpen(dir.Path, 0, 1000, [Series(s, Samples(0, 10, 100, _ => 1))]);
        var second = WriteAndOpen(dir.Path, 500, 1500, [Series(s, Samples(500, 5, 200, _ => 2))]);
        var meta = BlockCompactor.Compact(dir.Path, [second, first]);
        Assert.Equal((0L, 1500L), (meta.MinT, meta.MaxT));

        var expected = new SortedDictionary<long, double>();
        foreach (var (t, v) in Samples(500, 5, 200, _ => 2)) expected[t] = v;
        foreach (var (t, v) in Samples(0, 10, 100, _ => 1)) expected[t] = v; // the older block wins on equal timestamps
        Assert.Equal(expected.Count, meta.NumSamples);

        using var merged = Block.Open(Path.Combine(dir.Path, meta.Id));
        using var q = merged.Querier(0, 1500);
        var got = Query(q, All)[s.ToString()];
        Assert.Equal(expected.Select(kv => (kv.Key, kv.Value)), got);
        Assert.All(merged.AllSeries().Single().Chunks, c => Assert.True(Vigil.Metrics.Tsdb.Chunks.ChunkDecoder.Iterator(c.Encoding, c.Data, null) is not null));
        Assert.Equal((expected.Count + 119) / 120, meta.NumChunks);
        first.Dispose();
        second.Dispose();
    }

    [Fact]
    public void Tombstones_are_applied_when_compacting()
    {
        using var dir = new TempDir();
        var keep = Labels.Of("__name__", "keep");
        var gone = Labels.Of("__name__", "gone");
        var part = Labels.Of("__name__", "part");
        var a = WriteAndOpen(dir.Path, 0, 1000, [Series(gone, Samples(0, 10, 100, i => i)), Series(keep, Samples(0, 10, 100, i => i)), Series(part, Samples(0, 10, 100, i => i))]);
        var b = WriteAndOpen(dir.Path, 1000, 2000, [Series(part, Samples(1000, 10, 100, i => i))]);
        a.Delete([Matcher.Equal("__name__", "gone")], long.MinValue, long.MaxValue);
        a.Delete([Matcher.Equal("__name__", "part")], 200, 1099);
        var meta = BlockCompactor.Compact(dir.Path, [a, b]);
        using var merged = Block.Open(Path.Combine(dir.Path, meta.Id));
        Assert.False(merged.HasTombstones);
        using var q = merged.Querier(0, 2000);
        var result = Query(q, All);
        Assert.Equal([keep.ToString(), part.ToString()], result.Keys);
        Assert.Equal(100, result[keep.ToString()].Count);
        // Tombstones belong to a block: the delete on block a (clamped to its end, 999) leaves block b's samples.
        Assert.Equal(Samples(0, 10, 20, i => i).Concat(Samples(1000, 10, 100, i => i)), result[part.ToString()]);
        a.Dispose();
        b.Dispose();
    }

    [Fact]
    public void Everything_deleted_gives_an_empty_block()
    {
        using var dir = new TempDir();
        var a = WriteAndOpen(dir.Path, 0, 1000, [Series(Labels.Of("__name__", "x"), Samples(0, 10, 100, i => i))]);
        a.Delete([Matcher.Equal("__name__", "x")], 0, 999);
        var meta = BlockCompactor.Compact(dir.Path, [a]);
        Assert.Equal(0, meta.NumSamples);
        Assert.Equal(0, meta.NumSeries);
        using var empty = Block.Open(Path.Combine(dir.Path, meta.Id));
        using var q = empty.Querier(0, 1000);
        Assert.Empty(q.Select(true, [All]));
        a.Dispose();
    }
}
