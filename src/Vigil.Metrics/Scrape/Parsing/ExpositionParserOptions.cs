namespace Vigil.Metrics.Scrape.Parsing;

/// <summary>Switches of <see cref="ExpositionFormats.Create(string?, byte[], int, string?, ExpositionParserOptions, out string?, out string?)"/>.</summary>
/// <param name="SkipOpenMetricsCreatedSeries">
/// Drop OpenMetrics <c>_created</c> samples of counters, summaries and histograms instead of returning
/// them as series. Prometheus does this only with <c>--enable-feature=created-timestamp-zero-ingestion</c>;
/// off by default, as there.
/// </param>
internal sealed record ExpositionParserOptions(bool SkipOpenMetricsCreatedSeries = false)
{
    public static ExpositionParserOptions Default { get; } = new();
}
