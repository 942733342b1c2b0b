using Vigil.Core.Wire;
using Vigil.Metrics.Model;

namespace Vigil.Metrics.Ingest.RemoteWrite;

/// <summary>
/// Decodes remote write 2.0's <c>io.prometheus.write.v2.Request</c>
/// (prompb/io/prometheus/write/v2/types.proto) into a <see cref="RemoteWriteBatch"/>. A first pass
/// records where the symbols are (the wire does not promise they come before the series), a second
/// decodes the series and resolves every reference. The symbol table is checked as the spec demands:
/// <c>symbols[0]</c> must be "", every reference must be inside the table, <c>labels_refs</c> must have
/// even length. Such a request is refused whole (400): upstream indexes the table unchecked and would
/// panic. Start times are read from both encodings: per-series <c>created_timestamp</c> (6, rc drafts
/// and Prometheus ≤ 3.7) and per-sample/histogram <c>start_timestamp</c>.
/// </summary>
internal static class RemoteWriteV2Decoder
{
    public static void Decode(ReadOnlySpan<byte> body, RemoteWriteBatch batch)
    {
        batch.Reset();
        batch.Version = RemoteWriteVersion.V2;
        var seriesRanges = batch.SeriesRanges;
        try
        {
            var reader = new ProtoReader(body);
            while (GoProto.NextField(ref reader, "Request", out int field, out WireType type))
            {
                switch (field)
                {
                    case 4:
                        GoProto.Expect(type, WireType.LengthDelimited, "Symbols");
                        var symbol = reader.ReadLengthDelimited();
                        body.Overlaps(symbol, out int symbolOffset);
                        batch.Symbols.Add(symbolOffset, symbol.Length);
                        break;
                    case 5:
                        GoProto.Expect(type, WireType.LengthDelimited, "Timeseries");
                        var series = reader.ReadLengthDelimited();
                        body.Overlaps(series, out int seriesOffset);
                        seriesRanges.Add((seriesOffset, series.Length));
                        break;
                    default:
                        GoProto.Skip(ref reader, field, type);
                        break;
                }
            }
            if (batch.Symbols.Count > 0 && !batch.Symbols.Bytes(0, body).IsEmpty)
            {
                GoProto.Fail("invalid symbols table: symbols[0] must be an empty string");
            }
            for (int i = 0; i < seriesRanges.Count; i++)
            {
                var (offset, length) = seriesRanges[i];
                var series = new ProtoReader(body.Slice(offset, length), offset);
                ReadSeries(ref series, body, batch, i);
            }
        }
        catch (ProtoException e)
        {
            throw new RemoteWriteDecodeException(GoProto.TextOf(e), e.Message);
        }
    }

    private static void ReadSeries(ref ProtoReader reader, ReadOnlySpan<byte> body, RemoteWriteBatch batch, int index)
    {
        ref var series = ref batch.BeginSeries();
        // Label refs come packed or one by one; a name waits here for its value.
        uint pendingName = 0;
        bool hasPendingName = false;
        while (GoProto.NextField(ref reader, "TimeSeries", out int field, out WireType type))
        {
            switch (field)
            {
                case 1:
                    if (GoProto.IsPacked(type, WireType.Varint, "LabelsRefs"))
                    {
                        var packed = reader.ReadMessage();
                        while (!packed.End)
                        {
                            AddLabelRef(packed.ReadVarint32(), ref pendingName, ref hasPendingName, body, batch, ref series, index);
                        }
                    }
                    else
                    {
                        AddLabelRef(reader.ReadVarint32(), ref pendingName, ref hasPendingName, body, batch, ref series, index);
                    }
                    break;
                case 2:
                    GoProto.Expect(type, WireType.LengthDelimited, "Samples");
                    var sample = reader.ReadMessage();
                    batch.AddSample(ref series, ReadSample(ref sample));
                    break;
                case 3:
                    GoProto.Expect(type, WireType.LengthDelimited, "Histograms");
                    var histogram = reader.ReadMessage();
                    batch.AddHistogram(ref series, HistogramDecoder.Read(ref histogram, v2: true));
                    break;
                case 4:
                    GoProto.Expect(type, WireType.LengthDelimited, "Exemplars");
                    var exemplar = reader.ReadMessage();
                    ReadExemplar(ref exemplar, body, batch, ref series, index);
                    break;
                case 5:
                    GoProto.Expect(type, WireType.LengthDelimited, "Metadata");
                    var metadata = reader.ReadMessage();
                    ReadMetadata(ref metadata, body, batch, ref series, index);
                    break;
                case 6:
                    GoProto.Expect(type, WireType.Varint, "CreatedTimestamp");
                    series.CreatedTimestamp = reader.ReadInt64();
                    break;
                default:
                    GoProto.Skip(ref reader, field, type);
                    break;
            }
        }
        if (hasPendingName)
        {
            GoProto.Fail($"timeseries[{index}]: labels_refs has an odd number of entries ({2 * series.LabelCount + 1})");
        }
    }

    private static void AddLabelRef(uint reference, ref uint pendingName, ref bool hasPendingName,
        ReadOnlySpan<byte> body, RemoteWriteBatch batch, ref WriteSeries series, int index)
    {
        if (!hasPendingName)
        {
            pendingName = reference;
            hasPendingName = true;
            return;
        }
        hasPendingName = false;
        string name = Symbol(pendingName, body, batch, isName: true, ref series.InvalidUtf8, index, "labels_refs");
        string value = Symbol(reference, body, batch, isName: false, ref series.InvalidUtf8, index, "labels_refs");
        batch.AddLabel(ref series, new Label(name, value));
    }

    private static WriteSample ReadSample(ref ProtoReader reader)
    {
        double value = 0;
        long timestamp = 0, start = 0;
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
                case 3:
                    GoProto.Expect(type, WireType.Varint, "StartTimestamp");
                    start = reader.ReadInt64();
                    break;
                default:
                    GoProto.Skip(ref reader, field, type);
                    break;
            }
        }
        return new WriteSample(timestamp, value, start);
    }

    private static void ReadExemplar(ref ProtoReader reader, ReadOnlySpan<byte> body, RemoteWriteBatch batch, ref WriteSeries series, int index)
    {
        ref var exemplar = ref batch.BeginExemplar(ref series);
        uint pendingName = 0;
        bool hasPendingName = false;
        while (GoProto.NextField(ref reader, "Exemplar", out int field, out WireType type))
        {
            switch (field)
            {
                case 1:
                    if (GoProto.IsPacked(type, WireType.Varint, "LabelsRefs"))
                    {
                        var packed = reader.ReadMessage();
                        while (!packed.End)
                        {
                            AddExemplarLabelRef(packed.ReadVarint32(), ref pendingName, ref hasPendingName, body, batch, ref exemplar, index);
                        }
                    }
                    else
                    {
                        AddExemplarLabelRef(reader.ReadVarint32(), ref pendingName, ref hasPendingName, body, batch, ref exemplar, index);
                    }
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
        if (hasPendingName)
        {
            GoProto.Fail($"timeseries[{index}]: exemplar labels_refs has an odd number of entries ({2 * exemplar.LabelCount + 1})");
        }
    }

    private static void AddExemplarLabelRef(uint reference, ref uint pendingName, ref bool hasPendingName,
        ReadOnlySpan<byte> body, RemoteWriteBatch batch, ref WriteExemplar exemplar, int index)
    {
        if (!hasPendingName)
        {
            pendingName = reference;
            hasPendingName = true;
            return;
        }
        hasPendingName = false;
        string name = Symbol(pendingName, body, batch, isName: true, ref exemplar.InvalidUtf8, index, "exemplar labels_refs");
        string value = Symbol(reference, body, batch, isName: false, ref exemplar.InvalidUtf8, index, "exemplar labels_refs");
        batch.AddExemplarLabel(ref exemplar, new Label(name, value));
    }

    private static void ReadMetadata(ref ProtoReader reader, ReadOnlySpan<byte> body, RemoteWriteBatch batch, ref WriteSeries series, int index)
    {
        series.HasMetadata = true;
        uint help = 0, unit = 0;
        while (GoProto.NextField(ref reader, "Metadata", out int field, out WireType type))
        {
            switch (field)
            {
                case 1:
                    GoProto.Expect(type, WireType.Varint, "Type");
                    series.MetadataType = RemoteWriteV1Decoder.TypeOf(reader.ReadInt32());
                    break;
                case 3:
                    GoProto.Expect(type, WireType.Varint, "HelpRef");
                    help = reader.ReadVarint32();
                    break;
                case 4:
                    GoProto.Expect(type, WireType.Varint, "UnitRef");
                    unit = reader.ReadVarint32();
                    break;
                default:
                    GoProto.Skip(ref reader, field, type);
                    break;
            }
        }
        // Help and unit are free text: invalid UTF-8 in them does not make the series invalid.
        bool ignored = false;
        series.MetadataHelp = Symbol(help, body, batch, isName: false, ref ignored, index, "metadata help_ref");
        series.MetadataUnit = Symbol(unit, body, batch, isName: false, ref ignored, index, "metadata unit_ref");
    }

    private static string Symbol(uint reference, ReadOnlySpan<byte> body, RemoteWriteBatch batch, bool isName,
        ref bool invalidUtf8, int index, string what)
    {
        var cache = isName ? RemoteWriteStrings.Names : RemoteWriteStrings.Values;
        if (!batch.Symbols.TryGet(reference, body, cache, out string value, out bool invalid))
        {
            GoProto.Fail($"timeseries[{index}]: {what} references symbol {reference}, but the symbols table has {batch.Symbols.Count} entries");
        }
        invalidUtf8 |= invalid;
        return value;
    }
}
