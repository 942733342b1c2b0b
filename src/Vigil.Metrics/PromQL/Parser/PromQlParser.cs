using Vigil.Metrics.PromQL.Ast;

namespace Vigil.Metrics.PromQL.Parser;

/// <summary>Parses PromQL text into an <see cref="Expr"/> tree, type-checked as Prometheus's parser does.</summary>
public static class PromQlParser
{
    /// <summary>Parses a whole expression; throws <see cref="ParseException"/> with Prometheus's wording and position.</summary>
    public static Expr Parse(string query) => throw new NotImplementedException("PromQL parser: parser work package");

    /// <summary>
    /// Parses a series selector for match[] parameters (<c>up{job="x"}</c>, <c>{__name__=~".+"}</c>) into its matchers.
    /// Throws <see cref="ParseException"/> when the text is not a plain vector selector.
    /// </summary>
    public static VectorSelector ParseSelector(string text) => throw new NotImplementedException("PromQL parser: parser work package");
}
