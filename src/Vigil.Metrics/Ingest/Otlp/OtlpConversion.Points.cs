using Vigil.Metrics.Model;
using Vigil.Otlp.Model;
using OtlpMetricType = Vigil.Otlp.Model.MetricType;

namespace Vigil.Metrics.Ingest.Otlp;

/// <summary>
/// Number, histogram and summary points → samples (number_data_points.go, helper.go). A point flagged
/// NO_RECORDED_VALUE writes Prometheus' stale-marker NaN into every series it would have written.
/// </summary>
internal sealed partial class OtlpConversion
{
    private const string SumSuffix = "_sum";
    private const string CountSuffix = "_count";
    private const string BucketSuffix = "_bucket";
    private const string BucketLabel = "le";
    private const string QuantileLabel = "quantile";
    private const string PositiveInfinity = "+Inf";

    private static bool IsStale(DataPointFlags flags) => (flags & DataPointFlags.NoRecordedValue) != 0;

    private void AddNumberPoints(Metric metric, string family, MetricMetadata metadata, bool delta)
    {
        bool first = true;
        foreach (var point in metric.NumberPoints)
        {
            var baseLabels = CreateAttributes(point.Attributes, resourceLevel: false, out string? error);
            if (baseLabels is null)
            {
                FailMetric(error!);
                return;
            }
            var labels = SeriesLabels.With(baseLabels, family);
            double value = point.Value.AsDouble;
            bool stale = IsStale(point.Flags);
            if (stale)
            {
                value = StaleNaN.Value;
                if (delta) _translator.Deltas.Forget(labels, OtlpMetricType.Sum);
            }
            else if (delta && !Accepted(_translator.Deltas.AddNumber(labels, point, out value)))
            {
                continue;
            }
            Emit(labels, ToMilliseconds(point.TimeUnixNano), value);
            if (first) UpdateMetadata(baseLabels, family, metadata);
            first = false;
        }
    }

    private void AddHistogramPoints(Metric metric, string family, MetricMetadata metadata, bool delta)
    {
        bool first = true;
        string sumName = family + SumSuffix, countName = family + CountSuffix, bucketName = family + BucketSuffix;
        foreach (var original in metric.HistogramPoints)
        {
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
                if (stale) _translator.Deltas.Forget(key, OtlpMetricType.Histogram);
                else if (!Accepted(_translator.Deltas.AddHistogram(key, original, out var total))) continue;
                else point = total!;
            }

            long t = ToMilliseconds(point.TimeUnixNano);
            // An absent sum means _sum is not meaningful (negative observations): leave the series out.
            if (point.Sum is double sum) Emit(SeriesLabels.With(baseLabels, sumName), t, stale ? StaleNaN.Value : sum);
            Emit(SeriesLabels.With(baseLabels, countName), t, stale ? StaleNaN.Value : point.Count);

            ulong cumulative = 0;
            int n = Math.Min(point.ExplicitBounds.Length, point.BucketCounts.Length);
            for (int i = 0; i < n; i++)
            {
                cumulative += point.BucketCounts[i];
                string le = FormatBound(point.ExplicitBounds[i]);
                Emit(SeriesLabels.With(baseLabels, bucketName, BucketLabel, le), t, stale ? StaleNaN.Value : cumulative);
            }
            Emit(SeriesLabels.With(baseLabels, bucketName, BucketLabel, PositiveInfinity), t, stale ? StaleNaN.Value : point.Count);
            if (first) UpdateMetadata(baseLabels, family, metadata);
            first = false;
        }
    }

    private void AddSummaryPoints(Metric metric, string family, MetricMetadata metadata)
    {
        bool first = true;
        string sumName = family + SumSuffix, countName = family + CountSuffix;
        foreach (var point in metric.SummaryPoints)
        {
            var baseLabels = CreateAttributes(point.Attributes, resourceLevel: false, out string? error);
            if (baseLabels is null)
            {
                FailMetric(error!);
                return;
            }
            long t = ToMilliseconds(point.TimeUnixNano);
            bool stale = IsStale(point.Flags);
            Emit(SeriesLabels.With(baseLabels, sumName), t, stale ? StaleNaN.Value : point.Sum);
            Emit(SeriesLabels.With(baseLabels, countName), t, stale ? StaleNaN.Value : point.Count);
            foreach (var quantile in point.QuantileValues)
            {
                string q = FormatBound(quantile.Quantile);
                Emit(SeriesLabels.With(baseLabels, family, QuantileLabel, q), t, stale ? StaleNaN.Value : quantile.Value);
            }
            if (first) UpdateMetadata(baseLabels, family, metadata);
            first = false;
        }
    }

    /// <summary>True when the accumulator produced a total to write; counts drops.</summary>
    private bool Accepted(DeltaOutcome outcome)
    {
        if (outcome is DeltaOutcome.Accumulated or DeltaOutcome.Started) return true;
        Result.DeltaPointsDropped++;
        return false;
    }
}
