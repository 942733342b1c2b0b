namespace Vigil.Metrics.PromQL.Functions;

/// <summary>
/// A function aborts the query (upstream panics with an error inside a function, e.g. an invalid regex in
/// label_replace or a smoothing factor out of range). The message is upstream's text without a position; the
/// engine reports it as an execution error. Thrown only for bad input, never for control flow per sample.
/// </summary>
internal sealed class FunctionEvalException(string message) : Exception(message);
