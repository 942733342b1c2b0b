using Vigil.Metrics.PromQL.Ast;

namespace Vigil.Metrics.PromQL.Parser;

/// <summary>
/// A parse error. <see cref="Exception.Message"/> is what Prometheus prints: <c>1:13: parse error: unexpected ...</c>
/// (line:column are 1-based over the query text; several errors are joined as upstream joins them).
/// </summary>
public sealed class ParseException(string message, PositionRange position, string detail) : Exception(message)
{
    public PositionRange Position { get; } = position;

    /// <summary>The message without the position prefix.</summary>
    public string Detail { get; } = detail;
}
