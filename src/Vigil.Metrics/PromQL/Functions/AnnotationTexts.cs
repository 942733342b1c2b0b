using Vigil.Metrics.GoText;
using Vigil.Metrics.Scrape.Parsing;

namespace Vigil.Metrics.PromQL.Functions;

/// <summary>
/// The warning and info texts functions emit, worded as upstream's util/annotations/annotations.go (without the
/// "PromQL warning: " prefix, which <see cref="Values.Annotation.Render"/> adds). Metric names are Go-quoted (%q).
/// </summary>
internal static class AnnotationTexts
{
    /// <summary>NewInvalidQuantileWarning: <c>quantile value should be between 0 and 1, got %g</c>.</summary>
    public static string InvalidQuantile(double q) => "quantile value should be between 0 and 1, got " + GoFloatFormat.FormatG(q);

    /// <summary>NewBadBucketLabelWarning.</summary>
    public static string BadBucketLabel(string metricName, string le) =>
        MaybeAddMetricName("bucket label \"le\" is missing or has a malformed value of " + GoQuote.Quote(le), metricName);

    /// <summary>NewMixedFloatsHistogramsWarning.</summary>
    public static string MixedFloatsHistograms(string metricName) =>
        "encountered a mix of histograms and floats for metric name " + GoQuote.Quote(metricName);

    /// <summary>NewMixedClassicNativeHistogramsWarning.</summary>
    public static string MixedClassicNativeHistograms(string metricName) =>
        MaybeAddMetricName("vector contains a mix of classic and native histograms", metricName);

    /// <summary>NewHistogramIgnoredInMixedRangeInfo.</summary>
    public static string HistogramIgnoredInMixedRange(string metricName) =>
        "ignored histograms in a range containing both floats and histograms for metric name " + GoQuote.Quote(metricName);

    /// <summary>NewHistogramQuantileForcedMonotonicityInfo.</summary>
    public static string HistogramQuantileForcedMonotonicity(string metricName) => MaybeAddMetricName(
        "input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)",
        metricName);

    /// <summary>NewNativeHistogramNotCounterWarning.</summary>
    public static string NativeHistogramNotCounter(string metricName) =>
        "this native histogram metric is not a counter: " + GoQuote.Quote(metricName);

    /// <summary>NewNativeHistogramNotGaugeWarning.</summary>
    public static string NativeHistogramNotGauge(string metricName) =>
        "this native histogram metric is not a gauge: " + GoQuote.Quote(metricName);

    private static string MaybeAddMetricName(string text, string metricName) =>
        metricName.Length == 0 ? text : text + " for metric name " + GoQuote.Quote(metricName);
}
