namespace Vigil.Metrics.PromQL.Engine;

/// <summary>
/// Ends a query's evaluation with an error (Prometheus's evaluator panics with an error and recovers at the
/// top). Thrown only to abandon the whole query, never for control flow within it; <see cref="QueryEngine"/>
/// turns it into a <see cref="QueryError"/> whose message is <see cref="Exception.Message"/>, upstream's text.
/// </summary>
internal sealed class QueryEvaluationException(QueryErrorKind kind, string message) : Exception(message)
{
    public QueryErrorKind Kind { get; } = kind;

    /// <summary>"query processing would load too many samples into memory in query execution" (upstream ErrTooManySamples).</summary>
    public static QueryEvaluationException TooManySamples() =>
        new(QueryErrorKind.Execution, "query processing would load too many samples into memory in query execution");

    /// <summary>Duplicate output series after evaluation or name removal (upstream's wording).</summary>
    public static QueryEvaluationException SameLabelset() =>
        new(QueryErrorKind.Execution, "vector cannot contain metrics with the same labelset");

    public static QueryEvaluationException Execution(string message) => new(QueryErrorKind.Execution, message);
}
