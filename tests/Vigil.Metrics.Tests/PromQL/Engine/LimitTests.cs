using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Engine;
using Vigil.Metrics.Tsdb.Querying;
using static Vigil.Metrics.Tests.PromQL.Engine.Q;

namespace Vigil.Metrics.Tests.PromQL.Engine;

public class LimitTests
{
    private static readonly Labels Up = Labels.Of("__name__", "up");

    [Fact]
    public void Too_many_samples_fails_with_upstream_message()
    {
        var store = new EngineTestStore().Series(Up, 1000, 0, 1, 200);
        var options = EngineRun.Defaults with { MaxSamples = 100 };
        var result = EngineRun.Range(store, Sel("up"), 0, 199_000, 1000, options);
        Assert.Equal(QueryErrorKind.Execution, result.Error!.Kind);
        Assert.Equal("query processing would load too many samples into memory in query execution", result.Error.Message);
        // Under the limit the same query succeeds.
        Assert.Null(EngineRun.Range(store, Sel("up"), 0, 99_000, 1000, options with { MaxSamples = 200 }).Error);
    }

    [Fact]
    public void Range_function_windows_count_against_max_samples()
    {
        var store = new EngineTestStore().Series(Up, 1000, 0, 1, 200);
        var result = EngineRun.Instant(store, Range(Sel("up"), TimeSpan.FromSeconds(150)), 199_000, EngineRun.Defaults with { MaxSamples = 100 });
        Assert.Equal("query processing would load too many samples into memory in query execution", result.Error!.Message);
    }

    [Fact]
    public async Task Cancelled_query_reports_cancellation()
    {
        var store = new EngineTestStore().Series(Up, 1000, 0, 1, 10);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var result = await new QueryEngine(EngineRun.Defaults).InstantAsync(store, Sel("up"), 0, cancellationToken: cts.Token);
        Assert.Equal(QueryErrorKind.Canceled, result.Error!.Kind);
    }

    [Fact]
    public async Task Query_past_its_timeout_fails_with_timeout()
    {
        // Storage holds the query for four times its timeout (nobody releases it), so the deadline passes mid-query.
        var slow = new GatedStore(new EngineTestStore().Series(Up, 1000, 0, 1, 10), hold: TimeSpan.FromMilliseconds(200));
        var engine = new QueryEngine(EngineRun.Defaults with { Timeout = TimeSpan.FromMilliseconds(50) });
        var result = await Task.Run(() => engine.RangeAsync(slow, Sel("up"), 0, 9000, 1000));
        Assert.Equal(QueryErrorKind.Timeout, result.Error!.Kind);
        Assert.Equal("query timed out in expression evaluation", result.Error.Message);
    }

    [Fact]
    public async Task Concurrency_limit_queues_queries()
    {
        var gated = new GatedStore(new EngineTestStore().Series(Up, 1000, 0, 1, 10));
        var engine = new QueryEngine(EngineRun.Defaults with { MaxConcurrency = 1 });
        var first = Task.Run(() => engine.InstantAsync(gated, Sel("up"), 5000));
        Assert.True(gated.Entered.Wait(TimeSpan.FromSeconds(10)));
        // The second query must wait for the first: it cannot reach storage while the first holds the only slot.
        var second = engine.InstantAsync(gated, Sel("up"), 5000);
        Assert.False(second.IsCompleted);
        Assert.Equal(1, gated.QueriersOpened);
        gated.Release.Set();
        var r1 = await first;
        var r2 = await second;
        Assert.Null(r1.Error);
        Assert.Null(r2.Error);
        Assert.Equal(2, gated.QueriersOpened);
        Assert.True(r2.Stats.QueueTime > TimeSpan.Zero);
    }

    /// <summary>Blocks the first querier until released, to hold a query inside evaluation.</summary>
    private sealed class GatedStore(EngineTestStore inner, TimeSpan? hold = null) : Vigil.Metrics.Tsdb.Querying.IQueryable
    {
        private int _opened;
        public ManualResetEventSlim Entered { get; } = new();
        public ManualResetEventSlim Release { get; } = new();
        public int QueriersOpened => Volatile.Read(ref _opened);

        public IQuerier Querier(long mint, long maxt)
        {
            if (Interlocked.Increment(ref _opened) == 1)
            {
                Entered.Set();
                Release.Wait(hold ?? TimeSpan.FromSeconds(30));
            }
            return inner.Querier(mint, maxt);
        }
    }
}
