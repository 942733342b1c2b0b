namespace Vigil.Metrics.Ingest.Otlp;

/// <summary>
/// How OTLP metric and attribute names become Prometheus names: Prometheus' <c>otlp.translation_strategy</c>
/// (prometheus/otlptranslator strategy.go). Escaping maps every character outside the legacy name set to
/// <c>_</c>; suffixes add unit words, <c>_total</c> for counters and <c>_ratio</c> for unit-"1" gauges.
/// </summary>
public enum TranslationStrategy
{
    /// <summary>Escape names, add suffixes (Prometheus' default).</summary>
    UnderscoreEscapingWithSuffixes,

    /// <summary>Escape names, no suffixes.</summary>
    UnderscoreEscapingWithoutSuffixes,

    /// <summary>Keep UTF-8 names, add suffixes.</summary>
    NoUTF8EscapingWithSuffixes,

    /// <summary>Keep names exactly (experimental upstream).</summary>
    NoTranslation,
}

/// <summary>What each strategy does, and its configuration spelling.</summary>
public static class TranslationStrategyExtensions
{
    public static bool ShouldEscape(this TranslationStrategy strategy) =>
        strategy is TranslationStrategy.UnderscoreEscapingWithSuffixes or TranslationStrategy.UnderscoreEscapingWithoutSuffixes;

    public static bool ShouldAddSuffixes(this TranslationStrategy strategy) =>
        strategy is TranslationStrategy.UnderscoreEscapingWithSuffixes or TranslationStrategy.NoUTF8EscapingWithSuffixes;

    /// <summary>Parses the prometheus.yml spelling (case-sensitive, as upstream).</summary>
    public static bool TryParse(string text, out TranslationStrategy strategy)
    {
        switch (text)
        {
            case "UnderscoreEscapingWithSuffixes": strategy = TranslationStrategy.UnderscoreEscapingWithSuffixes; return true;
            case "UnderscoreEscapingWithoutSuffixes": strategy = TranslationStrategy.UnderscoreEscapingWithoutSuffixes; return true;
            case "NoUTF8EscapingWithSuffixes": strategy = TranslationStrategy.NoUTF8EscapingWithSuffixes; return true;
            case "NoTranslation": strategy = TranslationStrategy.NoTranslation; return true;
            default: strategy = default; return false;
        }
    }
}
