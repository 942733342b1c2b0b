using Vigil.Metrics.PromQL.Ast;


namespace Vigil.Metrics.PromQL.Engine;

/// <summary>
/// Evaluates PromQL against a store (Prometheus <c>promql.Engine</c>). Thread-safe; one instance per process.
/// Times are Unix milliseconds.
/// </summary>
public sealed class QueryEngine(EngineOptions options)
{
    public EngineOptions Options { get; } = options;

    /// <summary>Evaluates <paramref name="expr"/> at one instant. <paramref name="lookbackDelta"/> overrides the option when set (API's lookback_delta).</summary>
    public Task<QueryResult> InstantAsync(Vigil.Metrics.Tsdb.Querying.IQueryable storage, Expr expr, long timeMs, TimeSpan? lookbackDelta = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("PromQL engine: engine work package");

    /// <summary>Evaluates <paramref name="expr"/> at start, start+step, ... up to end inclusive; the result is a matrix.</summary>
    public Task<QueryResult> RangeAsync(Vigil.Metrics.Tsdb.Querying.IQueryable storage, Expr expr, long startMs, long endMs, long stepMs, TimeSpan? lookbackDelta = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("PromQL engine: engine work package");
}
