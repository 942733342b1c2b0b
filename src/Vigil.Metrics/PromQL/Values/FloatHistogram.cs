namespace Vigil.Metrics.PromQL.Values;

/// <summary>
/// A native histogram as the engine sees it (Prometheus <c>histogram.FloatHistogram</c>). The storage does not
/// hold native histograms yet; the type exists so samples, points and results already carry them and the
/// native histogram issue only fills in the arithmetic. Spans are (offset, length) runs over bucket indexes.
/// </summary>
public sealed class FloatHistogram
{
    public int Schema { get; set; }
    public double Count { get; set; }
    public double Sum { get; set; }
    public double ZeroThreshold { get; set; }
    public double ZeroCount { get; set; }
    public CounterResetHint CounterResetHint { get; set; }
    public (int Offset, uint Length)[] PositiveSpans { get; set; } = [];
    public double[] PositiveBuckets { get; set; } = [];
    public (int Offset, uint Length)[] NegativeSpans { get; set; } = [];
    public double[] NegativeBuckets { get; set; } = [];

    /// <summary>Upper bounds for custom-bucket histograms (schema -53).</summary>
    public double[] CustomValues { get; set; } = [];
}

public enum CounterResetHint : byte
{
    Unknown,
    CounterReset,
    NotCounterReset,
    Gauge,
}
