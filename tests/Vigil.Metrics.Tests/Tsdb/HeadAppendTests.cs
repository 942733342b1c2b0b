using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb;
using Vigil.Metrics.Tsdb.Head;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Tests.Tsdb;

public class HeadAppendTests
{
    private static readonly Labels Up = Labels.Of("__name__", "up", "job", "a");

    private static async Task<AppendStatus> AppendOne(Vigil.Metrics.Tsdb.Head.Head head, long t, double v, Labels? labels = null)
    {
        var app = head.Appender();
        ulong r = 0;
        var status = app.Append(ref r, labels ?? Up, t, v);
        await app.CommitAsync();
        return status;
    }

    private static List<(long, double)> Read(Vigil.Metrics.Tsdb.Head.Head head)
    {
        using var q = new HeadQuerier(head, long.MinValue, long.MaxValue);
        var list = new List<(long, double)>();
        foreach (var s in q.Select(true, [Matcher.Equal("__name__", "up")]))
        {
            var it = s.Iterator();
            while (it.Next() != ValueKind.None) list.Add((it.AtT(), it.AtF()));
        }
        return list;
    }

    [Fact]
    public async Task Out_of_order_and_duplicates_are_rejected_and_counted_by_default()
    {
        var head = new Vigil.Metrics.Tsdb.Head.Head(new HeadOptions());
        Assert.Equal(AppendStatus.Ok, await AppendOne(head, 2000, 1));
        Assert.Equal(AppendStatus.OutOfOrder, await AppendOne(head, 1000, 1));
        Assert.Equal(AppendStatus.DuplicateTimestamp, await AppendOne(head, 2000, 5));
        Assert.Equal(AppendStatus.Ok, await AppendOne(head, 2000, 1)); // identical re-send is harmless
        Assert.Equal([(2000L, 1.0)], Read(head));
        Assert.Equal(1, head.Stats.OutOfOrderTotal);
        Assert.Equal(1, head.Stats.DuplicateTotal);
    }

    [Fact]
    public async Task Within_one_batch_order_is_checked_against_staged_samples()
    {
        var head = new Vigil.Metrics.Tsdb.Head.Head(new HeadOptions());
        var app = head.Appender();
        ulong r = 0;
        Assert.Equal(AppendStatus.Ok, app.Append(ref r, Up, 3000, 1));
        Assert.Equal(AppendStatus.OutOfOrder, app.Append(ref r, Up, 2000, 1));
        Assert.Equal(AppendStatus.DuplicateTimestamp, app.Append(ref r, Up, 3000, 2));
        Assert.Equal(AppendStatus.Ok, app.Append(ref r, Up, 4000, 2));
        await app.CommitAsync();
        Assert.Equal([(3000L, 1.0), (4000L, 2.0)], Read(head));
    }

    [Fact]
    public async Task An_out_of_order_window_accepts_late_samples_and_queries_merge_them()
    {
        var head = new Vigil.Metrics.Tsdb.Head.Head(new HeadOptions { OutOfOrderWindowMs = 60_000 });
        for (long t = 100_000; t <= 200_000; t += 20_000) Assert.Equal(AppendStatus.Ok, await AppendOne(head, t, t / 1000));
        Assert.Equal(AppendStatus.Ok, await AppendOne(head, 150_000, 150)); // late, inside the window
        Assert.Equal(AppendStatus.TooOld, await AppendOne(head, 100_001, 1)); // older than newest - window
        Assert.Equal(AppendStatus.DuplicateTimestamp, await AppendOne(head, 150_000, 7));
        var samples = Read(head);
        Assert.Equal([100_000L, 120_000, 140_000, 150_000, 160_000, 180_000, 200_000], samples.Select(s => s.Item1));
        Assert.Equal(150.0, samples[3].Item2);
        Assert.Equal(1, head.Stats.OutOfOrderAppendedTotal);
        Assert.Equal(1, head.Stats.TooOldTotal);
    }

    [Fact]
    public async Task Samples_before_the_minimum_valid_time_are_out_of_bounds()
    {
        var head = new Vigil.Metrics.Tsdb.Head.Head(new HeadOptions()) { MinValidTime = 10_000 };
        Assert.Equal(AppendStatus.OutOfBounds, await AppendOne(head, 9_999, 1));
        Assert.Equal(AppendStatus.Ok, await AppendOne(head, 10_000, 1));
    }

    [Fact]
    public async Task Invalid_label_sets_are_refused()
    {
        var head = new Vigil.Metrics.Tsdb.Head.Head(new HeadOptions());
        Assert.Equal(AppendStatus.InvalidLabels, await AppendOne(head, 1, 1, Labels.Of("job", "no-name")));
        Assert.Equal(0, head.SeriesCount);
    }

    [Fact]
    public async Task Chunks_are_cut_at_120_samples_and_at_block_boundaries()
    {
        var head = new Vigil.Metrics.Tsdb.Head.Head(new HeadOptions { ChunkRangeMs = 1_000_000 });
        var app = head.Appender();
        ulong r = 0;
        for (int i = 0; i < 700; i++) app.Append(ref r, Up, 500_000 + i * 1000L, i);
        await app.CommitAsync();
        var series = head.Get(Up)!;
        var chunks = new List<ChunkSnapshot>();
        lock (series) series.CollectChunks(long.MinValue, long.MaxValue, chunks, head.ChunkFiles);
        // 500 samples fall before the 1,000,000 boundary (120,120,120,120,20), 200 after (120,80).
        Assert.All(chunks, c => Assert.False(c.MinT < 1_000_000 && c.MaxT >= 1_000_000));
        Assert.Equal(7, chunks.Count);
        Assert.Equal(999_000, chunks[4].MaxT);
        Assert.Equal(700, Read(head).Count);
    }
}
