using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb;
using Vigil.Metrics.Tsdb.Querying;
using Vigil.Metrics.Tsdb.Wal;
using static Vigil.Metrics.Tests.Tsdb.TsdbTestSupport;

namespace Vigil.Metrics.Tests.Tsdb.Wal;

public class WalReplayTests
{
    private static async Task Write(Db db, int series, long fromT, long toT, long step, Func<int, long, double>? value = null)
    {
        var app = db.Appender();
        for (long t = fromT; t <= toT; t += step)
        {
            for (int s = 0; s < series; s++)
            {
                ulong r = 0;
                var labels = Labels.Of("__name__", "m", "s", s.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(AppendStatus.Ok, app.Append(ref r, labels, t, value?.Invoke(s, t) ?? s * 1000 + t / step));
            }
        }
        await app.CommitAsync();
    }

    [Fact]
    public async Task Everything_committed_is_there_after_reopening()
    {
        using var dir = new TsdbTestDir();
        Dictionary<string, List<(long, double)>> before;
        await using (var db = Open(dir.Path))
        {
            await Write(db, 20, 0, 60_000, 1000);
            var app = db.Appender();
            app.UpdateMetadata(Labels.Of("__name__", "m", "s", "0"), new MetricMetadata(MetricType.Gauge, "help text", "seconds"));
            ulong r = 0;
            app.Append(ref r, Labels.Of("__name__", "stale", "x", "y"), 5, StaleNaN.Value);
            await app.CommitAsync();
            before = ReadAll(db);
        }
        await using (var db = Open(dir.Path))
        {
            var after = ReadAll(db);
            Assert.Equal(before.Keys.Order(), after.Keys.Order());
            foreach (var (k, v) in before) Assert.Equal(v, after[k]);
            Assert.True(StaleNaN.Is(after["{__name__=\"stale\", x=\"y\"}"][0].Item2));
            Assert.Equal(new MetricMetadata(MetricType.Gauge, "help text", "seconds"), db.Metadata["m"]);
            Assert.Equal(21, db.HeadSeriesCount);
        }
    }

    [Fact]
    public async Task A_torn_last_record_is_cut_off_silently()
    {
        using var dir = new TsdbTestDir();
        await using (var db = Open(dir.Path)) await Write(db, 3, 0, 10_000, 1000);
        var segment = Directory.GetFiles(Path.Combine(dir.Path, "wal")).Order().Last();
        var good = new FileInfo(segment).Length;
        await File.AppendAllTextAsync(segment, "\x50\x00\x00\x00garbage"); // a frame header promising 80 bytes, then too few
        await using (var db = Open(dir.Path))
        {
            Assert.Equal(33, ReadAll(db).Values.Sum(v => v.Count));
            await Write(db, 3, 11_000, 12_000, 1000);
        }
        Assert.Equal(good, new FileInfo(segment).Length);
        await using (var db = Open(dir.Path)) Assert.Equal(39, ReadAll(db).Values.Sum(v => v.Count));
    }

    [Fact]
    public async Task Corruption_in_an_older_segment_keeps_what_precedes_it_and_drops_the_rest()
    {
        using var dir = new TsdbTestDir();
        // Each open starts a new segment: three segments with one commit each.
        for (int i = 0; i < 3; i++)
            await using (var db = Open(dir.Path)) await Write(db, 1, i * 10_000, i * 10_000 + 9_000, 1000);
        var segments = Directory.GetFiles(Path.Combine(dir.Path, "wal")).Order().ToArray();
        Assert.Equal(3, segments.Length);
        var bytes = await File.ReadAllBytesAsync(segments[1]);
        bytes[^3] ^= 0xFF; // inside the last record's body: checksum mismatch
        await File.WriteAllBytesAsync(segments[1], bytes);
        await using (var db = Open(dir.Path))
        {
            var samples = ReadAll(db).Values.Single();
            Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i * 1000), samples.Select(s => s.Item1));
        }
        Assert.False(File.Exists(segments[2]));
    }

    [Fact]
    public async Task A_full_disk_fails_the_commit_without_a_trace_and_writes_resume_when_space_returns()
    {
        using var dir = new TsdbTestDir();
        var fs = new FlakyWalFileSystem();
        await using (var db = Open(dir.Path, fs: fs))
        {
            await Write(db, 2, 0, 4000, 1000);
            fs.Full = true;
            await Assert.ThrowsAsync<IOException>(() => Write(db, 2, 5000, 9000, 1000));
            Assert.Equal(10, ReadAll(db).Values.Sum(v => v.Count)); // nothing of the failed commit is visible
            fs.TruncateFails = true;
            await Assert.ThrowsAsync<IOException>(() => Write(db, 2, 5000, 9000, 1000));
            await Assert.ThrowsAsync<IOException>(() => Write(db, 2, 5000, 9000, 1000)); // still refused: half a record is on disk
            fs.Full = false;
            fs.TruncateFails = false;
            await Write(db, 2, 5000, 9000, 1000); // space is back: the torn bytes are cut, the commit lands
            Assert.Equal(20, ReadAll(db).Values.Sum(v => v.Count));
        }
        await using (var db = Open(dir.Path))
        {
            var all = ReadAll(db);
            Assert.Equal(20, all.Values.Sum(v => v.Count));
            Assert.All(all.Values, v => Assert.Equal(v.Select(s => s.Item1).Distinct().Count(), v.Count)); // no duplicates
        }
    }

    [Fact]
    public async Task A_checkpoint_replaces_old_segments_and_replays_to_the_same_head()
    {
        using var dir = new TsdbTestDir();
        Dictionary<string, List<(long, double)>> before;
        await using (var db = Open(dir.Path, oooWindow: TimeSpan.FromMinutes(10)))
        {
            await Write(db, 50, 0, 300_000, 15_000);
            var app = db.Appender();
            ulong r = 0;
            Assert.Equal(AppendStatus.Ok, app.Append(ref r, Labels.Of("__name__", "m", "s", "1"), 7_000, -1)); // out of order
            await app.CommitAsync();
            int next = await db.Wal.RotateAndDrainAsync(CancellationToken.None);
            Checkpoint.Write(db.Head, db.WalDir, next, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
            await Write(db, 50, 315_000, 600_000, 15_000);
            before = ReadAll(db);
        }
        var walDir = Path.Combine(dir.Path, "wal");
        Assert.Single(Directory.GetDirectories(walDir, "checkpoint.*"));
        Assert.All(WalSegments.List(walDir), i => Assert.True(i >= 1));
        await using (var db = Open(dir.Path, oooWindow: TimeSpan.FromMinutes(10)))
        {
            var after = ReadAll(db);
            Assert.Equal(before.Count, after.Count);
            foreach (var (k, v) in before) Assert.Equal(v, after[k]);
            Assert.Contains((7_000L, -1.0), after["{__name__=\"m\", s=\"1\"}"]);
        }
    }

    [Fact]
    public async Task A_clean_stop_checkpoints_so_the_next_start_loads_chunks()
    {
        using var dir = new TsdbTestDir();
        Dictionary<string, List<(long, double)>> before;
        var options = new DbOptions { Directory = dir.Path, WalSegmentSize = 8 * 1024 };
        await using (var db = Db.Open(options, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance))
        {
            for (long from = 0; from <= 600_000; from += 150_000) await Write(db, 30, from, Math.Min(from + 135_000, 600_000), 15_000);
            before = ReadAll(db);
            Assert.True(WalSegments.List(db.WalDir).Count > 1);
        }
        var walDir = Path.Combine(dir.Path, "wal");
        Assert.Single(Directory.GetDirectories(walDir, "checkpoint.*"));
        Assert.Empty(WalSegments.List(walDir)); // everything is in the checkpoint
        await using (var db = Db.Open(options, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance))
        {
            var after = ReadAll(db);
            Assert.Equal(before.Count, after.Count);
            foreach (var (k, v) in before) Assert.Equal(v, after[k]);
            await Write(db, 30, 615_000, 630_000, 15_000); // appends continue after the loaded chunks
            Assert.All(ReadAll(db).Values, v => Assert.Equal(43, v.Count));
        }
    }

    [Fact]
    public async Task Concurrent_committers_all_land_and_replay_identically()
    {
        using var dir = new TsdbTestDir();
        await using (var db = Open(dir.Path, segmentSize: 8 * 1024))
        {
            await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (int batch = 0; batch < 50; batch++)
                {
                    var app = db.Appender();
                    for (int s = 0; s < 20; s++)
                    {
                        ulong r = 0;
                        app.Append(ref r, Labels.Of("__name__", "w", "worker", w.ToString(System.Globalization.CultureInfo.InvariantCulture), "s", s.ToString(System.Globalization.CultureInfo.InvariantCulture)), batch * 1000L, batch);
                    }
                    await app.CommitAsync();
                }
            })));
            Assert.True(WalSegments.List(db.WalDir).Count > 1, "small segments rotate");
        }
        await using (var db = Open(dir.Path))
        {
            var all = ReadAll(db);
            Assert.Equal(80, all.Count);
            Assert.All(all.Values, v => Assert.Equal(50, v.Count));
        }
    }
}
