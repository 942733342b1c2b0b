using CsCheck;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tests.Tsdb.Blocks;
using Vigil.Metrics.Tsdb.Blocks;
using Vigil.Metrics.Tsdb.Querying;
using Vigil.Metrics.Tsdb.Tombstones;
using static Vigil.Metrics.Tests.Tsdb.Blocks.BlockTestData;

namespace Vigil.Metrics.Tests.Tsdb.Tombstones;

public class TombstoneTests
{
    private static readonly Matcher All = Matcher.Create(MatcherType.Regex, "__name__", ".+");

    [Fact]
    public void Intervals_merge_when_they_overlap_or_touch()
    {
        (long, long)[] iv = [];
        iv = Intervals.Add(iv, (10, 20));
        iv = Intervals.Add(iv, (30, 40));
        Assert.Equal([(10L, 20L), (30L, 40L)], iv);
        Assert.Equal([(10L, 40L)], Intervals.Add(iv, (21, 29)));   // touches both
        Assert.Equal([(5L, 20L), (30L, 40L)], Intervals.Add(iv, (5, 12)));
        Assert.Equal([(0L, 2L), (10L, 20L), (30L, 40L)], Intervals.Add(iv, (0, 2)));
        Assert.Equal([(10L, 20L), (30L, 40L), (50L, 60L)], Intervals.Add(iv, (50, 60)));
        Assert.Equal([(long.MinValue, long.MaxValue)], Intervals.Add(iv, (long.MinValue, long.MaxValue)));
        Assert.True(Intervals.Contains(iv, 35));
        Assert.False(Intervals.Contains(iv, 25));
        Assert.True(Intervals.Covers(iv, 11, 19));
        Assert.False(Intervals.Covers(iv, 15, 35));
    }

    [Fact]
    public void Intervals_stay_sorted_and_disjoint_whatever_is_added()
    {
        Gen.Select(Gen.Long[-1000, 1000], Gen.Long[0, 100]).Array[1, 30].Sample(adds =>
        {
            (long MinT, long MaxT)[] iv = [];
            var deleted = new HashSet<long>();
            foreach (var (start, len) in adds)
            {
                iv = Intervals.Add(iv, (start, start + len));
                for (long t = start; t <= start + len; t++) deleted.Add(t);
            }
            for (int i = 1; i < iv.Length; i++) Assert.True(iv[i - 1].MaxT + 1 < iv[i].MinT);
            for (long t = -1001; t <= 1101; t++) Assert.Equal(deleted.Contains(t), Intervals.Contains(iv, t));
        }, iter: 150);
    }

    [Fact]
    public void Tombstone_file_round_trips()
    {
        Gen.Dictionary(Gen.Int[0, 999], Gen.Select(Gen.Long, Gen.Long[0, 1 << 40]).Array[1, 5]).Sample(entries =>
        {
            var set = TombstoneSet.Empty;
            foreach (var (series, intervals) in entries)
                foreach (var (min, len) in intervals)
                    set = set.With([series], min, min > long.MaxValue - len ? long.MaxValue : min + len);
            var parsed = TombstoneFile.Parse(TombstoneFile.Serialize(set), 1000);
            Assert.Equal(set.Count, parsed.Count);
            foreach (var (series, intervals) in set.Entries) Assert.Equal(intervals, parsed.For(series));
        }, iter: 300);
    }

    [Fact]
    public void Deleted_samples_disappear_from_queries_and_stay_gone_after_reopen()
    {
        using var dir = new TempDir();
        var a = Labels.Of("__name__", "a", "job", "x");
        var b = Labels.Of("__name__", "b", "job", "x");
        var c = Labels.Of("__name__", "c", "job", "y");
        var meta = BlockWriter.Write(dir.Path, 0, 10_000, [Series(a, Samples(0, 10, 1000, i => i)), Series(b, Samples(0, 10, 1000, i => i)), Series(c, Samples(0, 10, 1000, i => i))]);
        string path = Path.Combine(dir.Path, meta.Id);
        using (var block = Block.Open(path))
        {
            using var before = block.Querier(0, 10_000);
            Assert.False(block.HasTombstones);
            block.Delete([Matcher.Equal("job", "x")], 1000, 1990);  // part of a and b
            block.Delete([Matcher.Equal("__name__", "c")], long.MinValue, long.MaxValue); // all of c
            block.Delete([Matcher.Equal("__name__", "a")], 5000, 5000);
            block.Delete([Matcher.Equal("__name__", "none")], 0, 10_000);
            Assert.True(block.HasTombstones);
            Assert.Equal(3, block.Meta.NumTombstones);
            // A querier opened before the delete keeps its view.
            Assert.Equal(3, Query(before, All).Count);
            AssertDeleted(block);
        }
        using var reopened = Block.Open(path);
        Assert.Equal(3, reopened.Meta.NumTombstones);
        AssertDeleted(reopened);

        static void AssertDeleted(Block block)
        {
            using var q = block.Querier(0, 10_000);
            var result = Query(q, All);
            Assert.Equal(["{__name__=\"a\", job=\"x\"}", "{__name__=\"b\", job=\"x\"}"], result.Keys);
            var expectedB = Samples(0, 10, 1000, i => i).Where(s => s.T is < 1000 or > 1990).ToList();
            Assert.Equal(expectedB, result["{__name__=\"b\", job=\"x\"}"]);
            Assert.Equal(expectedB.Where(s => s.T != 5000), result["{__name__=\"a\", job=\"x\"}"]);
            // Seek lands past deleted samples too.
            var it = q.Select(true, [Matcher.Equal("__name__", "b")]).Single().Iterator();
            Assert.Equal(ValueKind.Float, it.Seek(1500));
            Assert.Equal(2000, it.AtT());
            // AllSeries (what compaction reads) leaves them out as well.
            var all = block.AllSeries().ToList();
            Assert.Equal(2, all.Count);
            Assert.Equal(999, all[0].Chunks.Sum(ch => ReadAll(Vigil.Metrics.Tsdb.Chunks.ChunkDecoder.Iterator(ch.Encoding, ch.Data, null)).Count) + 100);
        }
    }

    [Fact]
    public void Tombstones_are_clamped_to_the_block_and_change_its_size()
    {
        using var dir = new TempDir();
        var meta = BlockWriter.Write(dir.Path, 0, 1000, [Series(Labels.Of("__name__", "a"), Samples(0, 10, 100, i => i))]);
        using var block = Block.Open(Path.Combine(dir.Path, meta.Id));
        long size = block.SizeBytes;
        block.Delete([Matcher.Equal("__name__", "a")], -5000, 5000);
        Assert.Equal([(0L, 999L)], block.Tombstones.For(0));
        Assert.True(block.SizeBytes > size);
        Assert.Equal(Directory.GetFiles(block.Dir).Sum(f => new FileInfo(f).Length), block.SizeBytes);
        using var q = block.Querier(0, 1000);
        Assert.Empty(q.Select(true, [All]));
    }
}
