using Vigil.Metrics.PromQL.Ast;

namespace Vigil.Metrics.PromQL.Parser;

/// <summary>
/// Parses PromQL text into an <see cref="Expr"/> tree, type-checked as Prometheus's parser does. Every
/// experimental feature of Prometheus 3.x is on: experimental functions, duration expressions, extended
/// range selectors (<c>anchored</c>/<c>smoothed</c>) and the binary-operator fill modifiers.
/// </summary>
public static class PromQlParser
{
    /// <summary>Parses a whole expression; throws <see cref="ParseException"/> with Prometheus's wording and position.</summary>
    public static Expr Parse(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new ExpressionParser(query).ParseQuery();
    }

    /// <summary>
    /// Parses a series selector for match[] parameters (<c>up{job="x"}</c>, <c>{__name__=~".+"}</c>) into its matchers
    /// (upstream <c>ParseMetricSelector</c>: no type check, so <c>{}</c> parses and callers reject empty selectors).
    /// Throws <see cref="ParseException"/> when the text is not a plain vector selector.
    /// </summary>
    public static VectorSelector ParseSelector(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new ExpressionParser(text).ParseSelectorOnly();
    }
}
