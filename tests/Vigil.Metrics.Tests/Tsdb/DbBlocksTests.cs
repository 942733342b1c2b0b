using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb;
using Vigil.Metrics.Tsdb.Querying;
using static Vigil.Metrics.Tests.Tsdb.TsdbTestSupport;

namespace Vigil.Metrics.Tests.Tsdb;

/// <summary>The TSDB as a whole: the head cut into blocks, compaction, retention, corrupt blocks, snapshots and deletes.</summary>
public class DbBlocksTests
{
    private const long Range = 600_000; // 10-minute blocks keep the data small

    private static Db OpenSmall(string dir, TimeSpan? retention = null, long retentionSize = 0) => Db.Open(new DbOptions
    {
        Directory = dir,
        BlockRange = TimeSpan.FromMilliseconds(Range),
        RetentionTime = retention ?? TimeSpan.FromDays(15),
        RetentionSize = retentionSize,
    }, NullLogger.Instance);

    private static async Task Write(Db db, long from, long to, int series = 10, long step = 15_000)
    {
        for (long t = from; t < to; t += step)
        {
            var app = db.Appender();
            for (int s = 0; s < series; s++)
            {
                ulong r = 0;
                Assert.Equal(AppendStatus.Ok, app.Append(ref r, Labels.Of("__name__", "g", "s", s.ToString(System.Globalization.CultureInfo.InvariantCulture)), t, t / 1000.0 + s));
            }
            await app.CommitAsync();
        }
    }

    private static int Count(Db db) => ReadAll(db).Values.Sum(v => v.Count);

    [Fact]
    public async Task The_head_is_cut_into_a_block_and_queries_span_both()
    {
        using var dir = new TsdbTestDir();
        Dictionary<string, List<(long, double)>> before;
        await using (var db = OpenSmall(dir.Path))
        {
            await Write(db, 0, 2 * Range);
            before = ReadAll(db);
            await db.MaintainAsync(CancellationToken.None);
            Assert.Single(db.Blocks);
            Assert.Equal((0L, Range), (db.Blocks[0].Meta.MinT, db.Blocks[0].Meta.MaxT));
            Assert.True(db.HeadMinTime >= Range, "the head keeps only what the block does not hold");
            var after = ReadAll(db);
            foreach (var (k, v) in before) Assert.Equal(v, after[k]);
            // Late samples for the cut range are out of bounds now.
            var app = db.Appender();
            ulong r = 0;
            Assert.Equal(AppendStatus.OutOfBounds, app.Append(ref r, Labels.Of("__name__", "g", "s", "0"), Range - 1, 1));
        }
        // Reopen: block plus checkpoint plus WAL give the same data, nothing twice.
        await using (var db = OpenSmall(dir.Path))
        {
            var again = ReadAll(db);
            Assert.Equal(before.Count, again.Count);
            foreach (var (k, v) in before) Assert.Equal(v, again[k]);
            Assert.Single(Directory.GetDirectories(Path.Combine(dir.Path, "wal"), "checkpoint.*"));
        }
    }

    [Fact]
    public async Task A_block_cut_runs_a_full_collection_before_and_after_it()
    {
        using var dir = new TsdbTestDir();
        await using var db = OpenSmall(dir.Path);
        await Write(db, 0, 2 * Range);
        int before = GC.CollectionCount(GC.MaxGeneration);
        await db.MaintainAsync(CancellationToken.None);
        Assert.Single(db.Blocks);
        // Other tests may collect concurrently, so "at least": the cut's own two are the floor.
        Assert.True(GC.CollectionCount(GC.MaxGeneration) - before >= 2, "a compacting gen2 before the cut and after the truncation");
    }

    [Fact]
    public async Task Blocks_are_compacted_into_larger_ranges_and_retention_deletes_the_oldest()
    {
        using var dir = new TsdbTestDir();
        await using var db = OpenSmall(dir.Path, retention: TimeSpan.FromMilliseconds(Range * 30));
        // Three ranges cut one at a time, then a fourth so the first three (a 3x range) are compactable.
        for (int i = 0; i < 5; i++)
        {
            await Write(db, i * Range, (i + 1) * Range, series: 3, step: 60_000);
            await db.MaintainAsync(CancellationToken.None);
        }
        Assert.Contains(db.Blocks, b => b.Meta.MaxT - b.Meta.MinT == 3 * Range && b.Meta.CompactionLevel == 2);
        Assert.Equal(5 * 10 * 3, Count(db));

        using var dir2 = new TsdbTestDir();
        await using var small = OpenSmall(dir2.Path, retention: TimeSpan.FromMilliseconds(Range * 2));
        for (int i = 0; i < 6; i++)
        {
            await Write(small, i * Range, (i + 1) * Range, series: 2, step: 60_000);
            await small.MaintainAsync(CancellationToken.None);
        }
        // Retention is measured from the newest block's end: blocks ending 2 ranges or more before it are gone.
        long newest = small.Blocks.Max(b => b.Meta.MaxT);
        Assert.All(small.Blocks, b => Assert.True(newest - b.Meta.MaxT < 2 * Range, $"{b} should have been deleted"));
        Assert.DoesNotContain(ReadAll(small).Values.SelectMany(v => v), s => s.Item1 < Range);
    }

    [Fact]
    public async Task Size_retention_deletes_oldest_blocks_first()
    {
        using var dir = new TsdbTestDir();
        await using var db = OpenSmall(dir.Path, retentionSize: 1); // everything is over a 1-byte budget
        for (int i = 0; i < 4; i++)
        {
            await Write(db, i * Range, (i + 1) * Range, series: 2, step: 60_000);
            await db.MaintainAsync(CancellationToken.None);
        }
        Assert.Empty(db.Blocks);
        Assert.DoesNotContain(Directory.GetDirectories(dir.Path), d => Path.GetFileName(d).Length == 26);
    }

    [Fact]
    public async Task A_corrupt_block_is_reported_and_skipped()
    {
        using var dir = new TsdbTestDir();
        string blockDir;
        await using (var db = OpenSmall(dir.Path))
        {
            await Write(db, 0, 2 * Range);
            await db.MaintainAsync(CancellationToken.None);
            blockDir = db.Blocks.Single().Dir;
        }
        var index = Directory.GetFiles(blockDir).First(f => Path.GetFileName(f) == "index");
        var bytes = await File.ReadAllBytesAsync(index);
        bytes[bytes.Length / 2] ^= 0x5A;
        await File.WriteAllBytesAsync(index, bytes);
        await using (var db = OpenSmall(dir.Path))
        {
            Assert.Empty(db.Blocks);
            var (corrupt, error) = Assert.Single(db.CorruptBlocks);
            Assert.Equal(blockDir, corrupt);
            Assert.Contains("index", error, StringComparison.Ordinal);
            // The head's data (after the block) is still served.
            Assert.All(ReadAll(db).Values.SelectMany(v => v), s => Assert.True(s.Item1 >= Range));
        }
    }

    [Fact]
    public async Task A_snapshot_is_a_complete_tsdb()
    {
        using var dir = new TsdbTestDir();
        Dictionary<string, List<(long, double)>> before;
        string name;
        await using (var db = OpenSmall(dir.Path))
        {
            await Write(db, 0, 2 * Range);
            await db.MaintainAsync(CancellationToken.None);
            before = ReadAll(db);
            name = await db.SnapshotAsync(skipHead: false);
        }
        Assert.Matches(@"^\d{8}T\d{6}Z-[0-9a-f]{16}$", name);
        string snapshot = Path.Combine(dir.Path, "snapshots", name);
        Assert.False(Directory.Exists(Path.Combine(snapshot, "wal")));
        await using var restored = OpenSmall(snapshot);
        var after = ReadAll(restored);
        Assert.Equal(before.Count, after.Count);
        foreach (var (k, v) in before) Assert.Equal(v, after[k]);
    }

    [Fact]
    public async Task Deleted_series_disappear_from_blocks_and_head_and_stay_deleted()
    {
        using var dir = new TsdbTestDir();
        var victim = Matcher.Equal("s", "3");
        await using (var db = OpenSmall(dir.Path))
        {
            await Write(db, 0, 2 * Range);
            await db.MaintainAsync(CancellationToken.None);
            await db.DeleteSeriesAsync([victim], long.MinValue, long.MaxValue);
            Assert.Empty(ReadAll(db, victim));
            Assert.Equal(9, ReadAll(db).Count);
        }
        await using (var db = OpenSmall(dir.Path))
        {
            Assert.Empty(ReadAll(db, victim));
            await db.CleanTombstonesAsync();
            Assert.False(db.Blocks.Single().HasTombstones);
            Assert.Empty(ReadAll(db, victim));
            Assert.Equal(9, ReadAll(db).Count);
        }
    }
}
