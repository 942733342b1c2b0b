namespace Vigil.Metrics.Tsdb.Querying;

/// <summary>What a sample iterator is positioned on (Prometheus <c>chunkenc.ValueType</c>). Histograms are reserved for native histograms.</summary>
public enum ValueKind : byte
{
    None = 0,
    Float = 1,
    Histogram = 2,
    FloatHistogram = 3,
}
