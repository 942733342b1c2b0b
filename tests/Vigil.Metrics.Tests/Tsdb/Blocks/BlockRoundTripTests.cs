using CsCheck;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Blocks;
using Vigil.Metrics.Tsdb.Head;
using Vigil.Metrics.Tsdb.Querying;
using static Vigil.Metrics.Tests.Tsdb.Blocks.BlockTestData;

namespace Vigil.Metrics.Tests.Tsdb.Blocks;

public class BlockRoundTripTests
{
    private const long Range = 2 * 3600 * 1000;

    /// <summary>Random series: odd values (NaN, stale NaN, ±Inf, -0, tiny, huge), irregular timestamps, several label shapes.</summary>
    private static SortedDictionary<Labels, List<(long T, double V)>> RandomData(int seed, int seriesCount)
    {
        var rng = new Random(seed);
        var data = new SortedDictionary<Labels, List<(long, double)>>(Comparer<Labels>.Create(Labels.Compare));
        double[] specials = [double.NaN, StaleNaN.Value, double.PositiveInfinity, double.NegativeInfinity, -0.0, double.Epsilon, double.MaxValue, 0.1 + 0.2, 1e300, -123.456];
        string[] jobs = ["api", "db", "web", "cache"];
        for (int s = 0; s < seriesCount; s++)
        {
            var labels = Labels.Of("__name__", $"metric_{s % 7}", "job", jobs[s % jobs.Length], "instance", $"host-{s}",
                "zone", s % 3 == 0 ? "" : $"z{s % 3}", "uni", "ünïcødé-" + (s % 2));
            var samples = new List<(long, double)>();
            long t = rng.Next(0, 60_000);
            int count = rng.Next(1, 600);
            double v = rng.Next(0, 1000);
            for (int i = 0; i < count && t < Range; i++)
            {
                int kind = rng.Next(10);
                v = kind switch
                {
                    0 => specials[rng.Next(specials.Length)],
                    1 or 2 => Math.Round(rng.NextDouble() * 1000, rng.Next(0, 4)),
                    3 => rng.NextDouble(),
                    _ => (double.IsFinite(v) ? Math.Floor(v) : 0) + rng.Next(0, 5),
                };
                samples.Add((t, v));
                t += rng.Next(4) == 0 ? rng.Next(1, 100_000) : 15_000 + rng.Next(-3, 4);
            }
            data[labels] = samples;
        }
        return data;
    }

    private static async Task<Head> HeadWith(SortedDictionary<Labels, List<(long T, double V)>> data)
    {
        var head = new Head(new HeadOptions());
        var app = head.Appender();
        foreach (var (labels, samples) in data)
        {
            ulong r = 0;
            foreach (var (t, v) in samples) Assert.Equal(Vigil.Metrics.Tsdb.AppendStatus.Ok, app.Append(ref r, labels, t, v));
        }
        await app.CommitAsync();
        return head;
    }

    public static TheoryData<string[]> MatcherSets => new()
    {
        new[] { "__name__", "=", "metric_1" },
        new[] { "job", "=", "api" },
        new[] { "job", "!=", "api", "__name__", "=~", "metric_[0-3]" },
        new[] { "zone", "=", "" , "job", "=~", ".+" },
        new[] { "zone", "!=", "", "__name__", "=~", ".+" },
        new[] { "instance", "=~", "host-1.*" },
        new[] { "instance", "!~", "host-1.*", "job", "=~", "db|web" },
        new[] { "uni", "=", "ünïcødé-1" },
        new[] { "job", "=", "nope" },
        new[] { "job", "=~", "api|db", "zone", "=~", "z1|" },
    };

    private static Matcher[] Parse(string[] spec)
    {
        var matchers = new Matcher[spec.Length / 3];
        for (int i = 0; i < matchers.Length; i++)
        {
            var type = spec[3 * i + 1] switch { "=" => MatcherType.Equal, "!=" => MatcherType.NotEqual, "=~" => MatcherType.Regex, _ => MatcherType.NotRegex };
            matchers[i] = Matcher.Create(type, spec[3 * i], spec[3 * i + 2]);
        }
        return matchers;
    }

    [Theory]
    [MemberData(nameof(MatcherSets))]
    public async Task Block_answers_like_a_head_holding_the_same_data(string[] spec)
    {
        using var dir = new TempDir();
        var data = RandomData(seed: 42, seriesCount: 120);
        var head = await HeadWith(data);
        var meta = BlockWriter.Write(dir.Path, 0, Range, data.Select(kv => Series(kv.Key, kv.Value, perChunk: 97)));
        using var block = Block.Open(Path.Combine(dir.Path, meta.Id));
        var matchers = Parse(spec);

        foreach (var (mint, maxt) in new[] { (0L, Range - 1), (1_000_000L, 3_000_000L), (5_000_000L, 5_000_000L) })
        {
            using var hq = new HeadQuerier(head, mint, maxt);
            using var bq = block.Querier(mint, maxt);
            // Both list a series whose chunk straddles the range without a sample in it (as Prometheus does); compare samples.
            AssertSameResult(WithSamples(Query(hq, matchers)), WithSamples(Query(bq, matchers)), $"[{mint},{maxt}] {string.Join(",", matchers.Select(m => m.ToString()))}");
        }
    }

    private static SortedDictionary<string, List<(long T, double V)>> WithSamples(SortedDictionary<string, List<(long T, double V)>> result)
    {
        foreach (var key in result.Where(kv => kv.Value.Count == 0).Select(kv => kv.Key).ToList()) result.Remove(key);
        return result;
    }

    [Fact]
    public void Meta_counts_what_was_written_and_survives_reopen()
    {
        using var dir = new TempDir();
        var data = RandomData(seed: 7, seriesCount: 40);
        var meta = BlockWriter.Write(dir.Path, 0, Range, data.Select(kv => Series(kv.Key, kv.Value)));
        Assert.Equal(data.Count, meta.NumSeries);
        Assert.Equal(data.Values.Sum(v => v.Count), meta.NumSamples);
        Assert.Equal(data.Values.Sum(v => (v.Count + 119) / 120), meta.NumChunks);
        Assert.Equal(1, meta.CompactionLevel);
        Assert.Equal([meta.Id], meta.Sources);
        Assert.True(Ulid.IsValid(meta.Id));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, meta.Id + ".tmp")));

        using var block = Block.Open(Path.Combine(dir.Path, meta.Id));
        Assert.Equal(meta, block.Meta with { Sources = meta.Sources, Parents = meta.Parents });
        Assert.Equal(meta.Sources, block.Meta.Sources);
        long onDisk = Directory.GetFiles(Path.Combine(dir.Path, meta.Id)).Sum(f => new FileInfo(f).Length);
        Assert.Equal(onDisk, block.SizeBytes);
    }

    [Fact]
    public void AllSeries_returns_every_series_sorted_with_identical_samples()
    {
        using var dir = new TempDir();
        var data = RandomData(seed: 3, seriesCount: 60);
        var meta = BlockWriter.Write(dir.Path, 0, Range, data.Select(kv => Series(kv.Key, kv.Value)));
        using var block = Block.Open(Path.Combine(dir.Path, meta.Id));
        var all = block.AllSeries().ToList();
        Assert.Equal(data.Keys, all.Select(s => s.Labels));
        foreach (var s in all)
        {
            var samples = new List<(long, double)>();
            foreach (var c in s.Chunks) samples.AddRange(ReadAll(Vigil.Metrics.Tsdb.Chunks.ChunkDecoder.Iterator(c.Encoding, c.Data, null)));
            AssertSameSamples(data[s.Labels], samples, s.Labels.ToString());
        }
    }

    [Fact]
    public void Samples_outside_the_block_range_are_dropped()
    {
        using var dir = new TempDir();
        var labels = Labels.Of("__name__", "x");
        var meta = BlockWriter.Write(dir.Path, 1000, 2000, [Series(labels, Samples(0, 100, 40, i => i))]);
        Assert.Equal(10, meta.NumSamples);
        using var block = Block.Open(Path.Combine(dir.Path, meta.Id));
        using var q = block.Querier(long.MinValue, long.MaxValue);
        var got = Query(q, Matcher.Equal("__name__", "x"))[labels.ToString()];
        Assert.Equal(Enumerable.Range(10, 10).Select(i => (i * 100L, (double)i)), got);
    }

    [Fact]
    public void Unsorted_series_are_refused_and_leave_no_directory()
    {
        using var dir = new TempDir();
        var a = Series(Labels.Of("__name__", "a"), Samples(0, 1, 3, i => i));
        var b = Series(Labels.Of("__name__", "b"), Samples(0, 1, 3, i => i));
        var e = Assert.Throws<ArgumentException>(() => BlockWriter.Write(dir.Path, 0, 100, [b, a]));
        Assert.Contains("not sorted", e.Message);
        Assert.Empty(Directory.GetDirectories(dir.Path));
    }

    [Fact]
    public void Label_names_and_values_come_from_the_index()
    {
        using var dir = new TempDir();
        var series = new[]
        {
            Series(Labels.Of("__name__", "up", "job", "a", "env", "prod"), Samples(0, 10, 3, i => 1)),
            Series(Labels.Of("__name__", "up", "job", "b"), Samples(0, 10, 3, i => 1)),
            Series(Labels.Of("__name__", "x", "job", "c", "team", "t1"), Samples(0, 10, 3, i => 1)),
        };
        var meta = BlockWriter.Write(dir.Path, 0, 100, series.OrderBy(s => s.Labels, Comparer<Labels>.Create(Labels.Compare)));
        using var block = Block.Open(Path.Combine(dir.Path, meta.Id));
        using var q = block.Querier(0, 100);
        Assert.Equal(["__name__", "env", "job", "team"], q.LabelNames([]));
        Assert.Equal(["a", "b", "c"], q.LabelValues("job", []));
        Assert.Equal(["up", "x"], q.LabelValues("__name__", []));
        Assert.Empty(q.LabelValues("missing", []));
        Assert.Equal(["__name__", "env", "job"], q.LabelNames([Matcher.Equal("__name__", "up")]));
        Assert.Equal(["a", "b"], q.LabelValues("job", [Matcher.Equal("__name__", "up")]));
        Assert.Equal(["prod"], q.LabelValues("env", [Matcher.Equal("__name__", "up")]));
        Assert.Equal(["c"], q.LabelValues("job", [Matcher.Equal("team", "t1")]));           // values > matching series: series read
        Assert.Equal(["b", "c"], q.LabelValues("job", [Matcher.Create(MatcherType.NotEqual, "job", "a")]));
        Assert.Equal(["up", "x"], q.LabelValues("__name__", [Matcher.Create(MatcherType.Regex, "job", ".+")])); // postings intersected
        Assert.Equal(["x"], q.LabelValues("__name__", [Matcher.Create(MatcherType.Regex, "job", "b|c"), Matcher.Equal("team", "t1")]));
        Assert.Empty(q.LabelValues("job", [Matcher.Equal("job", "zzz")]));
    }

    [Fact]
    public void Symbols_are_interned_per_block()
    {
        using var dir = new TempDir();
        var series = Enumerable.Range(0, 5).Select(i => Series(Labels.Of("__name__", "m", "i", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), Samples(0, 10, 2, _ => 1)));
        var meta = BlockWriter.Write(dir.Path, 0, 100, series);
        using var block = Block.Open(Path.Combine(dir.Path, meta.Id));
        using var q = block.Querier(0, 100);
        var names = q.Select(false, [Matcher.Equal("__name__", "m")]).Select(s => s.Labels.Get("__name__")).ToList();
        Assert.Equal(5, names.Count);
        Assert.All(names, n => Assert.Same(names[0], n));
    }

    [Fact]
    public void A_querier_keeps_a_disposed_block_readable_until_it_is_disposed()
    {
        using var dir = new TempDir();
        var labels = Labels.Of("__name__", "x");
        var meta = BlockWriter.Write(dir.Path, 0, 1000, [Series(labels, Samples(0, 10, 50, i => i))]);
        string path = Path.Combine(dir.Path, meta.Id);
        var block = Block.Open(path);
        var q = block.Querier(0, 1000);
        block.MarkForDeletion();
        block.Dispose();
        Assert.True(Directory.Exists(path));
        Assert.Equal(50, Query(q, Matcher.Equal("__name__", "x"))[labels.ToString()].Count);
        Assert.Throws<ObjectDisposedException>(() => { block.Querier(0, 1).Dispose(); });
        q.Dispose();
        Assert.False(Directory.Exists(path));
        Assert.False(block.TryAcquire());
    }

    [Fact]
    public void Block_directories_are_found_and_leftovers_removed()
    {
        using var dir = new TempDir();
        var meta = BlockWriter.Write(dir.Path, 0, 100, [Series(Labels.Of("__name__", "x"), Samples(0, 10, 5, i => i))]);
        string stale = Ulid.New();
        Directory.CreateDirectory(Path.Combine(dir.Path, stale + ".tmp"));
        Directory.CreateDirectory(Path.Combine(dir.Path, stale + ".tmp-for-deletion"));
        Directory.CreateDirectory(Path.Combine(dir.Path, "wal"));
        Assert.Equal([Path.Combine(dir.Path, meta.Id)], BlockDirectories.Find(dir.Path));
        Assert.Equal([meta.Id, "wal"], Directory.GetDirectories(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Any_series_written_are_read_back_bit_for_bit()
    {
        // Small random blocks: few series, any value bits, irregular steps, tiny pages so series span pages.
        var sample = Gen.Select(Gen.Long[1, 120_000], Gen.ULong);
        var series = Gen.Select(Gen.Int[0, 50], sample.Array[1, 300]);
        Gen.Select(series.Array[1, 6], Gen.Int[1, 400]).Sample((list, pageSamples) =>
        {
            using var dir = new TempDir();
            var data = new SortedDictionary<Labels, List<(long T, double V)>>(Comparer<Labels>.Create(Labels.Compare));
            foreach (var (id, samples) in list)
            {
                var labels = Labels.Of("__name__", "m", "id", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                long t = 0;
                data[labels] = samples.Select(x => (t += x.Item1, BitConverter.UInt64BitsToDouble(x.Item2))).ToList();
            }
            var meta = BlockWriter.Write(dir.Path, 0, long.MaxValue, data.Select(kv => Series(kv.Key, kv.Value, perChunk: 77)), 1, null, null,
                new ChunksFileOptions { PageSamples = pageSamples, ZstdLevel = 1 });
            using var block = Block.Open(Path.Combine(dir.Path, meta.Id));
            using var q = block.Querier(long.MinValue, long.MaxValue);
            var got = Query(q, Matcher.Equal("__name__", "m"));
            Assert.Equal(data.Count, got.Count);
            foreach (var (labels, samples) in data) AssertSameSamples(samples, got[labels.ToString()], labels.ToString());
        }, iter: 40);
    }
}
