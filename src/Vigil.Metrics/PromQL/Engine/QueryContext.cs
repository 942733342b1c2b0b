using System.Diagnostics;
using System.Runtime.CompilerServices;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Values;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.PromQL.Engine;

/// <summary>
/// State shared by every evaluator of one query (the root one and those made for subqueries and
/// step-invariant subtrees): the querier, limits, the running sample count, annotations and the
/// preparation's results. One query runs on one thread, so nothing here is synchronised.
/// </summary>
internal sealed class QueryContext(IQuerier querier, long lookbackMs, int maxSamples, long deadlineTimestamp, CancellationToken callerToken)
{
    private readonly Dictionary<VectorSelector, List<Series>> _selected = new(ReferenceEqualityComparer.Instance);

    public IQuerier Querier { get; } = querier;
    public long LookbackMs { get; } = lookbackMs;
    public int MaxSamples { get; } = maxSamples;

    /// <summary>Samples currently held in memory, as upstream's evaluator counts them (ev.currentSamples).</summary>
    public int CurrentSamples;

    /// <summary>Samples read from storage over the whole query (stats' totalQueryableSamples).</summary>
    public long TotalSamples;
    public int PeakSamples;

    public Annotations Annotations { get; } = new();

    /// <summary>Point lists recycled between the query's nodes.</summary>
    public PointListPool Points { get; } = new();

    /// <summary>The query's own start, end and step (ms; step 0 for instant queries).</summary>
    public long QueryStart { get; init; }
    public long QueryEnd { get; init; }
    public long QueryStep { get; init; }

    /// <summary>Resolution of subqueries without a step (upstream's noStepSubqueryIntervalFn result).</summary>
    public long DefaultSubqueryStepMs { get; init; } = 60_000;

    /// <summary>Nodes evaluated once and repeated for every step (upstream wraps them in StepInvariantExpr).</summary>
    public HashSet<Expr> StepInvariant { get; init; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Adds samples to the in-memory count and fails the query past the limit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddSamples(int n)
    {
        CurrentSamples += n;
        if (CurrentSamples > MaxSamples) throw QueryEvaluationException.TooManySamples();
    }

    public void UpdatePeak()
    {
        if (CurrentSamples > PeakSamples) PeakSamples = CurrentSamples;
    }

    /// <summary>Fails the query when its deadline passed or the caller cancelled (upstream contextDone).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void CheckCancelled()
    {
        // The deadline is read from the clock, not a timer, so a busy thread pool cannot delay the timeout.
        if (callerToken.IsCancellationRequested || Stopwatch.GetTimestamp() > deadlineTimestamp) ThrowCancelled();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowCancelled()
    {
        if (callerToken.IsCancellationRequested)
            throw new QueryEvaluationException(QueryErrorKind.Canceled, "query was canceled in expression evaluation");
        throw new QueryEvaluationException(QueryErrorKind.Timeout, "query timed out in expression evaluation");
    }

    /// <summary>The series a selector matches, selected on first use and kept for the rest of the query (upstream checkAndExpandSeriesSet).</summary>
    public List<Series> SeriesFor(VectorSelector selector)
    {
        if (_selected.TryGetValue(selector, out var list)) return list;
        list = [];
        foreach (var s in Querier.Select(sorted: false, selector.Matchers))
        {
            CheckCancelled();
            list.Add(s);
        }
        _selected[selector] = list;
        return list;
    }
}
