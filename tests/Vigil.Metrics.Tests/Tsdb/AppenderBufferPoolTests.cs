using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb;
using Vigil.Metrics.Tsdb.Head;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Tests.Tsdb;

/// <summary>Appenders rent their staging lists per commit; reuse must never leak one batch into another.</summary>
public class AppenderBufferPoolTests
{
    private static Labels Series(int i) => Labels.Of("__name__", "m", "i", i.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static int CountSamples(Vigil.Metrics.Tsdb.Head.Head head)
    {
        using var q = new HeadQuerier(head, long.MinValue, long.MaxValue);
        int n = 0;
        foreach (var s in q.Select(false, [Matcher.Equal("__name__", "m")]))
        {
            var it = s.Iterator();
            while (it.Next() != ValueKind.None) n++;
        }
        return n;
    }

    [Fact]
    public async Task A_commit_returns_its_buffers_and_the_next_appender_reuses_them_empty()
    {
        var head = new Vigil.Metrics.Tsdb.Head.Head(new HeadOptions());
        var first = head.Appender();
        for (int i = 0; i < 100; i++)
        {
            ulong r = 0;
            Assert.Equal(AppendStatus.Ok, first.Append(ref r, Series(i), 1000, i));
        }
        Assert.Equal(0, head.AppenderBuffers.Count);
        await first.CommitAsync();
        Assert.Equal(1, head.AppenderBuffers.Count);

        // The reused buffers start empty: the same series at a later time is not seen as staged already,
        // and the first batch is not committed twice.
        var second = head.Appender();
        ulong r0 = 0;
        Assert.Equal(AppendStatus.Ok, second.Append(ref r0, Series(0), 2000, 5));
        Assert.Equal(0, head.AppenderBuffers.Count);
        await second.CommitAsync();
        Assert.Equal(101, CountSamples(head));
        Assert.Equal(1, head.AppenderBuffers.Count);
    }

    [Fact]
    public async Task Rollback_returns_buffers_and_releases_pending_series()
    {
        var head = new Vigil.Metrics.Tsdb.Head.Head(new HeadOptions());
        var app = head.Appender();
        ulong r = 0;
        app.Append(ref r, Series(1), 1000, 1);
        var series = head.GetByRef(r)!;
        Assert.Equal(1, series.PendingCommits);
        app.Rollback();
        Assert.Equal(0, series.PendingCommits);
        Assert.Equal(1, head.AppenderBuffers.Count);
        app.Rollback(); // a second rollback must not return the buffers twice
        Assert.Equal(1, head.AppenderBuffers.Count);

        // An appender used again after its rollback rents afresh and still works.
        Assert.Equal(AppendStatus.Ok, app.Append(ref r, Series(1), 1000, 1));
        await app.CommitAsync();
        Assert.Equal(1, CountSamples(head));
    }

    [Fact]
    public async Task Concurrent_appenders_get_distinct_buffers()
    {
        var head = new Vigil.Metrics.Tsdb.Head.Head(new HeadOptions());
        var a = head.Appender();
        var b = head.Appender();
        ulong ra = 0, rb = 0;
        a.Append(ref ra, Series(1), 1000, 1);
        b.Append(ref rb, Series(1), 1000, 1); // same series, same sample: each batch checks only its own staging
        b.Append(ref rb, Series(1), 2000, 2);
        await a.CommitAsync();
        await b.CommitAsync();
        Assert.Equal(2, CountSamples(head));
    }

    [Fact]
    public void The_pool_keeps_a_bounded_number_and_drops_oversized_buffers()
    {
        var pool = new AppenderBufferPool(capacity: 2);
        var rented = new[] { pool.Rent(), pool.Rent(), pool.Rent() };
        foreach (var buffers in rented) pool.Return(buffers);
        Assert.Equal(2, pool.Count);

        var big = pool.Rent();
        for (int i = 0; i <= AppenderBufferPool.MaxSamples; i++) big.Samples.Add(new RefSample((ulong)i, i, i));
        pool.Return(big);
        Assert.Equal(1, pool.Count);
        var reused = pool.Rent();
        Assert.Empty(reused.Samples);
        Assert.Empty(reused.StagedLast);
    }
}
