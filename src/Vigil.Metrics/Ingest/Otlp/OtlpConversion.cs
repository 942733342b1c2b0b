using Vigil.Metrics.GoText;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb;
using Vigil.Otlp.Model;
using OtlpMetricType = Vigil.Otlp.Model.MetricType;
using PromMetricType = Vigil.Metrics.Model.MetricType;
using Vigil.Metrics.Scrape;

namespace Vigil.Metrics.Ingest.Otlp;

/// <summary>
/// The state of one translation call (upstream's <c>PrometheusConverter</c>): the resource and scope
/// labels in force, label-name cache, scratch buffers, target_info deduplication and the result. Walks
/// resources → scopes → metrics like <c>FromMetrics</c> (metrics_to_prw.go). Not thread-safe; one per call.
/// </summary>
internal sealed partial class OtlpConversion
{
    private readonly OtlpTranslator _translator;
    private readonly OtlpTranslationOptions _options;
    private readonly IAppender _appender;
    private readonly LabelNamer _labelNamer;
    private readonly bool _utf8;
    private readonly long _maxTimeMs;
    private readonly Dictionary<string, MetricMetadata> _familyMetadata = new(StringComparer.Ordinal);
    private readonly Dictionary<double, string> _boundText = [];
    private bool _metricFailed;

    public OtlpConversion(OtlpTranslator translator, IAppender appender)
    {
        _translator = translator;
        _options = translator.Options;
        _appender = appender;
        _utf8 = !_options.TranslationStrategy.ShouldEscape();
        _labelNamer = translator.LabelNamer;
        _maxTimeMs = translator.Time.GetUtcNow().ToUnixTimeMilliseconds() + (long)_options.MaxFutureSkew.TotalMilliseconds;
    }

    public OtlpWriteResult Result { get; } = new();

    public void Add(MetricsData data)
    {
        foreach (var resourceMetrics in data.ResourceMetrics)
        {
            if (!SetResourceContext(resourceMetrics.Resource, out string? error))
            {
                Result.AddTranslationError(error!);
                continue;
            }
            ulong earliest = ulong.MaxValue, latest = 0;
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                if (!SetScopeContext(scopeMetrics, out error))
                {
                    Result.AddTranslationError(error!);
                    continue;
                }
                foreach (var metric in scopeMetrics.Metrics)
                {
                    WidenTimeRange(metric, ref earliest, ref latest);
                    AddMetric(metric);
                }
            }
            // At least one point in this resource: describe it with target_info.
            if (earliest != ulong.MaxValue) AddTargetInfo(resourceMetrics.Resource, earliest, latest);
        }
    }

    private void AddMetric(Metric metric)
    {
        _metricFailed = false;
        bool delta = false;
        switch (metric.Type)
        {
            case OtlpMetricType.Gauge or OtlpMetricType.Summary:
                break;
            case OtlpMetricType.Sum or OtlpMetricType.Histogram or OtlpMetricType.ExponentialHistogram:
                if (metric.AggregationTemporality == AggregationTemporality.Delta && _options.DeltaTemporality == DeltaTemporalityMode.ConvertToCumulative)
                {
                    delta = true;
                }
                else if (metric.AggregationTemporality != AggregationTemporality.Cumulative)
                {
                    Result.AddTranslationError($"invalid temporality and type combination for metric {GoQuote.Quote(metric.Name)}");
                    return;
                }
                break;
            default:
                Result.AddTranslationError($"could not get aggregation temporality for {metric.Name} as it has unsupported metric type Empty");
                return;
        }

        string? family = _translator.Namer.Build(metric.Name, metric.Unit, MetricNamer.KindOf(metric), out string? nameError);
        if (family is null)
        {
            Result.AddTranslationError(nameError!);
            return;
        }
        if (metric.DataPointCount == 0)
        {
            // Prometheus ≥3.7 joins this into the request error (500); Vigil keeps it a warning (docs/apis/prometheus-otlp.md).
            Result.AddWarning($"empty data points. {metric.Name} is dropped");
            return;
        }

        var metadata = new MetricMetadata(MetadataType(metric), metric.Description, UnitNames.MetadataUnit(metric.Unit));
        switch (metric.Type)
        {
            case OtlpMetricType.Gauge or OtlpMetricType.Sum:
                AddNumberPoints(metric, family, metadata, delta);
                break;
            case OtlpMetricType.Histogram:
                AddHistogramPoints(metric, family, metadata, delta);
                break;
            case OtlpMetricType.ExponentialHistogram:
                AddExponentialHistogramPoints(metric, family, metadata, delta);
                break;
            case OtlpMetricType.Summary:
                AddSummaryPoints(metric, family, metadata);
                break;
        }
    }

    /// <summary>otlp_to_openmetrics_metadata.go: non-monotonic sums are gauges; both histogram kinds are histograms.</summary>
    private static PromMetricType MetadataType(Metric metric) => metric.Type switch
    {
        OtlpMetricType.Gauge => PromMetricType.Gauge,
        OtlpMetricType.Sum => metric.IsMonotonic ? PromMetricType.Counter : PromMetricType.Gauge,
        OtlpMetricType.Histogram or OtlpMetricType.ExponentialHistogram => PromMetricType.Histogram,
        OtlpMetricType.Summary => PromMetricType.Summary,
        _ => PromMetricType.Unknown,
    };

    /// <summary>Stages one sample; refusals are counted and the metric's first one reported.</summary>
    private void Emit(Labels labels, long timestampMs, double value)
    {
        if (timestampMs > _maxTimeMs)
        {
            // Prometheus' remoteWriteAppender: samples more than 10 minutes ahead are out of bounds.
            Reject(AppendStatus.OutOfBounds, "out of bounds: timestamp is too far in the future");
            return;
        }
        ulong seriesRef = 0;
        var status = _appender.Append(ref seriesRef, labels, timestampMs, value);
        if (status == AppendStatus.Ok) Result.SamplesWritten++;
        else Reject(status, AppendStatusText.Message(status));
    }

    private void Reject(AppendStatus status, string message)
    {
        Result.RecordRejected(status);
        if (_metricFailed) return;
        _metricFailed = true;
        Result.AddError(message);
    }

    private void FailMetric(string message)
    {
        if (_metricFailed) return;
        _metricFailed = true;
        Result.AddTranslationError(message);
    }

    /// <summary>Records the family's type, help and unit once per conversion (again only if they change).</summary>
    private void UpdateMetadata(Labels baseLabels, string family, MetricMetadata metadata)
    {
        if (_familyMetadata.TryGetValue(family, out var known) && known == metadata) return;
        _familyMetadata[family] = metadata;
        _appender.UpdateMetadata(SeriesLabels.With(baseLabels, family), metadata);
    }

    /// <summary>Bucket bounds and quantiles repeat across points and requests; format each once per conversion.</summary>
    private string FormatBound(double value)
    {
        // 0 and -0 are equal keys but print differently ("0", "-0").
        if (value == 0) return GoFloatFormat.FormatF(value);
        if (!_boundText.TryGetValue(value, out string? text))
        {
            text = GoFloatFormat.FormatF(value);
            if (_boundText.Count < 4096) _boundText[value] = text;
        }
        return text;
    }

    /// <summary>OTLP nanoseconds to Prometheus milliseconds by integer division, as convertTimeStamp does.</summary>
    private static long ToMilliseconds(ulong unixNano) => unchecked((long)unixNano) / 1_000_000;

    private static void WidenTimeRange(Metric metric, ref ulong earliest, ref ulong latest)
    {
        switch (metric.Type)
        {
            case OtlpMetricType.Gauge or OtlpMetricType.Sum:
                foreach (var p in metric.NumberPoints) Widen(p.TimeUnixNano, ref earliest, ref latest);
                break;
            case OtlpMetricType.Histogram:
                foreach (var p in metric.HistogramPoints) Widen(p.TimeUnixNano, ref earliest, ref latest);
                break;
            case OtlpMetricType.ExponentialHistogram:
                foreach (var p in metric.ExponentialHistogramPoints) Widen(p.TimeUnixNano, ref earliest, ref latest);
                break;
            case OtlpMetricType.Summary:
                foreach (var p in metric.SummaryPoints) Widen(p.TimeUnixNano, ref earliest, ref latest);
                break;
        }

        static void Widen(ulong t, ref ulong earliest, ref ulong latest)
        {
            if (t < earliest) earliest = t;
            if (t > latest) latest = t;
        }
    }
}
