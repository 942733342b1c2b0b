using Vigil.Metrics.Model;
using Vigil.Otlp.Model;
using OtlpMetricType = Vigil.Otlp.Model.MetricType;

namespace Vigil.Metrics.Ingest.Otlp;

/// <summary>
/// Exponential histograms. Prometheus stores them as native histograms; Vigil has no native histogram
/// storage yet, so each point becomes classic series instead: <c>_bucket{le}</c> at the upper bound of
/// every populated bucket with exact cumulative counts (negative buckets, the zero bucket and positive
/// buckets in value order), <c>le="+Inf"</c> = count, <c>_count</c>, and <c>_sum</c> when present.
/// Native path later: keep the scale check and the downscale to 8, replace <see cref="WriteClassicBuckets"/>
/// with a histogram append (schema = scale, OTLP index i → Prometheus index i+1, zero threshold 1e-128).
/// </summary>
internal sealed partial class OtlpConversion
{
    private readonly List<(double Le, ulong Count)> _bounds = [];

    private void AddExponentialHistogramPoints(Metric metric, string family, MetricMetadata metadata, bool delta)
    {
        bool first = true;
        foreach (var original in metric.ExponentialHistogramPoints)
        {
            if (ExponentialBucketMath.ValidateScale(original.Scale) is { } scaleError)
            {
                FailMetric(scaleError);
                return;
            }
            var baseLabels = CreateAttributes(original.Attributes, resourceLevel: false, out string? error);
            if (baseLabels is null)
            {
                FailMetric(error!);
                return;
            }
            var point = original;
            bool stale = IsStale(point.Flags);
            if (delta)
            {
                var key = SeriesLabels.With(baseLabels, family);
                if (stale) _translator.Deltas.Forget(key, OtlpMetricType.ExponentialHistogram);
                else if (!Accepted(_translator.Deltas.AddExponential(key, original, out var total))) continue;
                else point = total!;
            }
            WriteClassicBuckets(point, baseLabels, family, stale);
            if (first) UpdateMetadata(baseLabels, family, metadata);
            first = false;
        }
    }

    private void WriteClassicBuckets(ExponentialHistogramDataPoint point, Labels baseLabels, string family, bool stale)
    {
        long t = ToMilliseconds(point.TimeUnixNano);
        if (point.Sum is double sum) Emit(SeriesLabels.With(baseLabels, family + SumSuffix), t, stale ? StaleNaN.Value : sum);
        Emit(SeriesLabels.With(baseLabels, family + CountSuffix), t, stale ? StaleNaN.Value : point.Count);

        string bucketName = family + BucketSuffix;
        ExponentialBucketMath.PopulatedBounds(point, _bounds);
        // Value order; buckets that land on the same bound merge. Every count is added before its bound is
        // written, so each le's value is the exact number of observations at or below it.
        _bounds.Sort(static (a, b) => a.Le.CompareTo(b.Le));
        ulong cumulative = 0;
        for (int i = 0; i < _bounds.Count; i++)
        {
            var (le, count) = _bounds[i];
            cumulative += count;
            if (i + 1 < _bounds.Count && _bounds[i + 1].Le == le) continue;
            // A bound beyond double range cannot be a label: +Inf is the count below, -Inf carries forward.
            if (!double.IsFinite(le)) continue;
            Emit(SeriesLabels.With(baseLabels, bucketName, BucketLabel, FormatBound(le + 0.0)), t, stale ? StaleNaN.Value : cumulative);
        }
        Emit(SeriesLabels.With(baseLabels, bucketName, BucketLabel, PositiveInfinity), t, stale ? StaleNaN.Value : point.Count);
    }
}
