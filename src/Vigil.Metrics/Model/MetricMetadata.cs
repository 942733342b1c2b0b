namespace Vigil.Metrics.Model;

/// <summary>Metric family types, numbered as in remote write's <c>MetricMetadata.MetricType</c>.</summary>
public enum MetricType : byte
{
    Unknown = 0,
    Counter = 1,
    Gauge = 2,
    Histogram = 3,
    GaugeHistogram = 4,
    Summary = 5,
    Info = 6,
    StateSet = 7,
}

/// <summary>Type, help and unit of a metric family (what <c># TYPE</c>, <c># HELP</c>, <c># UNIT</c> say).</summary>
public sealed record MetricMetadata(MetricType Type, string Help, string Unit)
{
    public static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Gauge => "gauge",
        MetricType.Histogram => "histogram",
        MetricType.GaugeHistogram => "gaugehistogram",
        MetricType.Summary => "summary",
        MetricType.Info => "info",
        MetricType.StateSet => "stateset",
        _ => "unknown",
    };
}
