using Vigil.Core.Wire;
using Vigil.Metrics.Model;

namespace Vigil.Metrics.Ingest.RemoteWrite;

/// <summary>
/// Decodes remote write 1.0's <c>prometheus.WriteRequest</c> (prompb/remote.proto, prompb/types.proto)
/// straight from the decompressed body into a <see cref="RemoteWriteBatch"/>: timeseries (labels,
/// samples, exemplars, native histograms) and the request-level metadata. Field numbers are listed in
/// docs/apis/prometheus-remote-write.md. Unknown fields are skipped; malformed input throws
/// <see cref="RemoteWriteDecodeException"/> with gogo/protobuf's error text.
/// </summary>
internal static class RemoteWriteV1Decoder
{
    public static void Decode(ReadOnlySpan<byte> body, RemoteWriteBatch batch)
    {
        batch.Reset();
        batch.Version = RemoteWriteVersion.V1;
        var reader = new ProtoReader(body);
        try
        {
            while (GoProto.NextField(ref reader, "WriteRequest", out int field, out WireType type))
            {
                switch (field)
                {
                    case 1:
                        GoProto.Expect(type, WireType.LengthDelimited, "Timeseries");
                        var series = reader.ReadMessage();
                        ReadSeries(ref series, batch);
                        break;
                    case 3:
                        GoProto.Expect(type, WireType.LengthDelimited, "Metadata");
                        var metadata = reader.ReadMessage();
                        batch.AddMetadata(ReadMetadata(ref metadata));
                        break;
                    default:
                        GoProto.Skip(ref reader, field, type);
                        break;
                }
            }
        }
        catch (ProtoException e)
        {
            throw new RemoteWriteDecodeException(GoProto.TextOf(e), e.Message);
        }
    }

    private static void ReadSeries(ref ProtoReader reader, RemoteWriteBatch batch)
    {
        ref var series = ref batch.BeginSeries();
        while (GoProto.NextField(ref reader, "TimeSeries", out int field, out WireType type))
        {
            switch (field)
            {
                case 1:
                    GoProto.Expect(type, WireType.LengthDelimited, "Labels");
                    var label = reader.ReadMessage();
                    batch.AddLabel(ref series, RemoteWriteStrings.ReadLabel(ref label, ref series.InvalidUtf8));
                    break;
                case 2:
                    GoProto.Expect(type, WireType.LengthDelimited, "Samples");
                    var sample = reader.ReadMessage();
                    batch.AddSample(ref series, ReadSample(ref sample));
                    break;
                case 3:
                    GoProto.Expect(type, WireType.LengthDelimited, "Exemplars");
                    var exemplar = reader.ReadMessage();
                    ReadExemplar(ref exemplar, batch, ref series);
                    break;
                case 4:
                    GoProto.Expect(type, WireType.LengthDelimited, "Histograms");
                    var histogram = reader.ReadMessage();
                    batch.AddHistogram(ref series, HistogramDecoder.Read(ref histogram, v2: false));
                    break;
                default:
                    GoProto.Skip(ref reader, field, type);
                    break;
            }
        }
    }

    private static WriteSample ReadSample(ref ProtoReader reader)
    {
        double value = 0;
        long timestamp = 0;
        while (GoProto.NextField(ref reader, "Sample", out int field, out WireType type))
        {
            switch (field)
            {
                case 1:
                    GoProto.Expect(type, WireType.Fixed64, "Value");
                    value = reader.ReadDouble();
                    break;
                case 2:
                    GoProto.Expect(type, WireType.Varint, "Timestamp");
                    timestamp = reader.ReadInt64();
                    break;
                default:
                    GoProto.Skip(ref reader, field, type);
                    break;
            }
        }
        return new WriteSample(timestamp, value);
    }

    private static void ReadExemplar(ref ProtoReader reader, RemoteWriteBatch batch, ref WriteSeries series)
    {
        ref var exemplar = ref batch.BeginExemplar(ref series);
        while (GoProto.NextField(ref reader, "Exemplar", out int field, out WireType type))
        {
            switch (field)
            {
                case 1:
                    GoProto.Expect(type, WireType.LengthDelimited, "Labels");
                    var label = reader.ReadMessage();
                    batch.AddExemplarLabel(ref exemplar, RemoteWriteStrings.ReadLabel(ref label, ref exemplar.InvalidUtf8));
                    break;
                case 2:
                    GoProto.Expect(type, WireType.Fixed64, "Value");
                    exemplar.Value = reader.ReadDouble();
                    break;
                case 3:
                    GoProto.Expect(type, WireType.Varint, "Timestamp");
                    exemplar.Timestamp = reader.ReadInt64();
                    break;
                default:
                    GoProto.Skip(ref reader, field, type);
                    break;
            }
        }
    }

    private static WriteMetadata ReadMetadata(ref ProtoReader reader)
    {
        MetricType metricType = MetricType.Unknown;
        string family = string.Empty, help = string.Empty, unit = string.Empty;
        while (GoProto.NextField(ref reader, "MetricMetadata", out int field, out WireType type))
        {
            switch (field)
            {
                case 1:
                    GoProto.Expect(type, WireType.Varint, "Type");
                    metricType = TypeOf(reader.ReadInt32());
                    break;
                case 2:
                    GoProto.Expect(type, WireType.LengthDelimited, "MetricFamilyName");
                    family = RemoteWriteStrings.Names.Get(reader.ReadLengthDelimited());
                    break;
                case 4:
                    GoProto.Expect(type, WireType.LengthDelimited, "Help");
                    help = RemoteWriteStrings.ReadText(reader.ReadLengthDelimited());
                    break;
                case 5:
                    GoProto.Expect(type, WireType.LengthDelimited, "Unit");
                    unit = RemoteWriteStrings.ReadText(reader.ReadLengthDelimited());
                    break;
                default:
                    GoProto.Skip(ref reader, field, type);
                    break;
            }
        }
        return new WriteMetadata(metricType, family, help, unit);
    }

    /// <summary>Both versions number the types alike (0 = unknown / unspecified); values outside become unknown.</summary>
    internal static MetricType TypeOf(int value) => value is >= 0 and <= (int)MetricType.StateSet ? (MetricType)value : MetricType.Unknown;
}
