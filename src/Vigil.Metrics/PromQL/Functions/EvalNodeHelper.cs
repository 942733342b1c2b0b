using Vigil.Metrics.PromQL.Values;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.PromQL.Functions;

/// <summary>
/// Per-node, per-step state the engine hands to functions (Prometheus <c>EvalNodeHelper</c>). One instance per
/// call node, reused across steps, so functions may cache per-node data here (label builders, signatures).
/// </summary>
internal sealed class EvalNodeHelper
{
    /// <summary>The evaluation time of this step (ms), after <c>@</c>/offset handling as upstream passes it.</summary>
    public long Timestamp { get; set; }

    /// <summary>For range-vector functions: the window (RangeStart exclusive, RangeEnd inclusive), in ms.</summary>
    public long RangeStart { get; set; }
    public long RangeEnd { get; set; }

    /// <summary>The output of this call; cleared by the engine before each call.</summary>
    public Vector Output { get; } = new();

    /// <summary>The query's own start, end and step (ms; step 0 for instant queries), for start(), end(), range() and step().</summary>
    public long QueryStart { get; set; }
    public long QueryEnd { get; set; }
    public long QueryStep { get; set; }

    /// <summary>Store access for functions that read other series (info()); the querier covers the query's time range.</summary>
    public IQuerier? Querier { get; set; }

    /// <summary>The engine's lookback delta (ms), for functions that select instant samples themselves (info()).</summary>
    public long LookbackDeltaMs { get; set; }

    /// <summary>Scratch space owned by the function (its own cache type), created on first use.</summary>
    public object? FunctionState { get; set; }
}
