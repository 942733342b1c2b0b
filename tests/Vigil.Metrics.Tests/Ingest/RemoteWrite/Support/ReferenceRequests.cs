using Google.Protobuf;
using Snappier;
using Ref = Vigil.Metrics.Reference.RemoteWrite;
using RefV2 = Vigil.Metrics.Reference.RemoteWriteV2;

namespace Vigil.Metrics.Tests.Ingest.RemoteWrite.Support;

/// <summary>
/// Builds remote write bodies with the reference encoder (Google.Protobuf over our own .proto files in
/// proto/vigil/prometheus) and Snappier, independent of the decoders under test.
/// </summary>
internal static class ReferenceRequests
{
    public static byte[] Snappy(byte[] raw) => Snappier.Snappy.CompressToArray(raw);

    public static byte[] Compressed(IMessage message) => Snappy(message.ToByteArray());

    /// <summary>A 1.0 series from name/value pairs and samples.</summary>
    public static Ref.TimeSeries Series(string[] labels, params (long T, double V)[] samples)
    {
        var series = new Ref.TimeSeries();
        for (int i = 0; i < labels.Length; i += 2)
        {
            series.Labels.Add(new Ref.Label { Name = labels[i], Value = labels[i + 1] });
        }
        foreach (var (t, v) in samples)
        {
            series.Samples.Add(new Ref.Sample { Timestamp = t, Value = v });
        }
        return series;
    }

    public static Ref.WriteRequest V1(params Ref.TimeSeries[] series)
    {
        var request = new Ref.WriteRequest();
        request.Timeseries.AddRange(series);
        return request;
    }

    public static Ref.Histogram IntHistogram(long t) => new()
    {
        CountInt = 3, Sum = 4.5, Schema = 1, ZeroThreshold = 1e-128, ZeroCountInt = 1, Timestamp = t,
        PositiveSpans = { new Ref.BucketSpan { Offset = 0, Length = 2 } }, PositiveDeltas = { 1, 0 },
    };
}

/// <summary>Builds a 2.0 request, interning strings into its symbols table (symbols[0] = "").</summary>
internal sealed class V2RequestBuilder
{
    private readonly Dictionary<string, uint> _refs = new(StringComparer.Ordinal) { [""] = 0 };

    public RefV2.Request Request { get; } = new() { Symbols = { "" } };

    public uint Ref(string symbol)
    {
        if (!_refs.TryGetValue(symbol, out uint reference))
        {
            reference = _refs[symbol] = (uint)Request.Symbols.Count;
            Request.Symbols.Add(symbol);
        }
        return reference;
    }

    public RefV2.TimeSeries Series(string[] labels, params (long T, double V)[] samples)
    {
        var series = new RefV2.TimeSeries();
        foreach (string text in labels)
        {
            series.LabelsRefs.Add(Ref(text));
        }
        foreach (var (t, v) in samples)
        {
            series.Samples.Add(new RefV2.Sample { Timestamp = t, Value = v });
        }
        Request.Timeseries.Add(series);
        return series;
    }

    public RefV2.Metadata Metadata(RefV2.Metadata.Types.MetricType type, string help, string unit) =>
        new() { Type = type, HelpRef = Ref(help), UnitRef = Ref(unit) };

    public byte[] Compressed() => ReferenceRequests.Compressed(Request);
}
