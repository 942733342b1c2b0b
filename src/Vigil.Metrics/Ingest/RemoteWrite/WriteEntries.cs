using Vigil.Metrics.Model;

namespace Vigil.Metrics.Ingest.RemoteWrite;

/// <summary>Which remote write message a request carries (chosen by the Content-Type's <c>proto=</c> parameter).</summary>
internal enum RemoteWriteVersion : byte
{
    /// <summary>Remote write 1.0, <c>prometheus.WriteRequest</c>.</summary>
    V1 = 1,

    /// <summary>Remote write 2.0, <c>io.prometheus.write.v2.Request</c>.</summary>
    V2 = 2,
}

/// <summary>
/// One series of a decoded request: ranges into the batch's flat arrays, plus what 2.0 attaches per series.
/// </summary>
internal struct WriteSeries
{
    public int LabelStart, LabelCount;
    public int SampleStart, SampleCount;
    public int ExemplarStart, ExemplarCount;
    public int HistogramStart, HistogramCount;

    /// <summary>A label name or value was not valid UTF-8 (the decoded strings carry U+FFFD instead).</summary>
    public bool InvalidUtf8;

    /// <summary>2.0 only: a <c>metadata</c> field was present.</summary>
    public bool HasMetadata;
    public MetricType MetadataType;
    public string? MetadataHelp;
    public string? MetadataUnit;

    /// <summary>2.0 drafts and Prometheus ≤ 3.7: <c>created_timestamp</c> (field 6); 0 = unset.</summary>
    public long CreatedTimestamp;
}

/// <summary>A float sample. <see cref="StartTimestamp"/> is 2.0's <c>start_timestamp</c> (0 = unset; 1.0 has none).</summary>
internal readonly record struct WriteSample(long Timestamp, double Value, long StartTimestamp = 0);

/// <summary>An exemplar; its labels are a range of the batch's exemplar label array.</summary>
internal struct WriteExemplar
{
    public int LabelStart, LabelCount;
    public double Value;
    public long Timestamp;
    public bool InvalidUtf8;
}

/// <summary>
/// A native histogram sample. Vigil does not store native histograms yet, so only the scalar fields are
/// kept; the bucket arrays are validated on the wire and counted, not copied.
/// </summary>
internal struct WriteHistogram
{
    public long Timestamp;
    public long StartTimestamp;

    /// <summary>The <c>count</c> oneof held <c>count_float</c> (a float histogram), not <c>count_int</c>.</summary>
    public bool IsFloat;
    public ulong CountInt;
    public double CountFloat;
    public double Sum;
    public int Schema;
    public double ZeroThreshold;
    public bool ZeroCountIsFloat;
    public ulong ZeroCountInt;
    public double ZeroCountFloat;
    public int ResetHint;
    public int NegativeSpans, NegativeDeltas, NegativeCounts;
    public int PositiveSpans, PositiveDeltas, PositiveCounts;
    public int CustomValues;
}

/// <summary>1.0's <c>MetricMetadata</c>: type, help and unit for a metric family.</summary>
internal readonly record struct WriteMetadata(MetricType Type, string FamilyName, string Help, string Unit);
