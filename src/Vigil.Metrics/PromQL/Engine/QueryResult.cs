using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.PromQL.Engine;

/// <summary>
/// What a query returns: exactly one of the value fields matches <see cref="Type"/> (Matrix for range queries),
/// or <see cref="Error"/> is set. Annotations are returned in both cases.
/// </summary>
public sealed class QueryResult
{
    public ExprType Type { get; init; }
    public Vector? Vector { get; init; }
    public Matrix? Matrix { get; init; }
    public Scalar? Scalar { get; init; }
    public StringValue? String { get; init; }
    public QueryError? Error { get; init; }
    public Annotations Annotations { get; init; } = new();
    public QueryStats Stats { get; init; } = new();
}

/// <summary>A failed query. <see cref="Kind"/> maps to the API's errorType; the message is upstream's text, without a position suffix.</summary>
public sealed record QueryError(QueryErrorKind Kind, string Message);

public enum QueryErrorKind : byte
{
    /// <summary>Bad query text or parameters (API: bad_data, 400).</summary>
    BadData,
    /// <summary>Evaluation failed (API: execution, 422), e.g. a many-to-many matching error or too many samples.</summary>
    Execution,
    /// <summary>The query timed out (API: timeout, 503).</summary>
    Timeout,
    /// <summary>The caller cancelled (API: canceled, 499).</summary>
    Canceled,
    /// <summary>A storage error (API: internal, 500).</summary>
    Internal,
}

/// <summary>Counters for the API's <c>stats</c> parameter (Prometheus <c>stats.QueryStats</c>, the parts we measure).</summary>
public sealed class QueryStats
{
    public long TotalQueryableSamples { get; set; }
    public long PeakSamples { get; set; }
    public TimeSpan QueueTime { get; set; }
    public TimeSpan PrepareTime { get; set; }
    public TimeSpan InnerEvalTime { get; set; }
    public TimeSpan ExecTotalTime { get; set; }
}
