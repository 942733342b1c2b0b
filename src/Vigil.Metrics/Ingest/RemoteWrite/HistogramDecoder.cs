using Vigil.Core.Wire;

namespace Vigil.Metrics.Ingest.RemoteWrite;

/// <summary>
/// Decodes a native <c>Histogram</c> message, the same fields 1–16 in 1.0 and 2.0 plus 2.0's
/// <c>start_timestamp</c> (17). Bucket spans, deltas, counts and custom values are checked on the wire
/// and counted; they are not copied, because Vigil does not store native histograms yet.
/// </summary>
internal static class HistogramDecoder
{
    public static WriteHistogram Read(ref ProtoReader reader, bool v2)
    {
        var h = default(WriteHistogram);
        while (GoProto.NextField(ref reader, "Histogram", out int field, out WireType type))
        {
            switch (field)
            {
                case 1:
                    GoProto.Expect(type, WireType.Varint, "CountInt");
                    h.CountInt = reader.ReadVarint64();
                    h.IsFloat = false;
                    break;
                case 2:
                    GoProto.Expect(type, WireType.Fixed64, "CountFloat");
                    h.CountFloat = reader.ReadDouble();
                    h.IsFloat = true;
                    break;
                case 3:
                    GoProto.Expect(type, WireType.Fixed64, "Sum");
                    h.Sum = reader.ReadDouble();
                    break;
                case 4:
                    GoProto.Expect(type, WireType.Varint, "Schema");
                    h.Schema = reader.ReadSInt32();
                    break;
                case 5:
                    GoProto.Expect(type, WireType.Fixed64, "ZeroThreshold");
                    h.ZeroThreshold = reader.ReadDouble();
                    break;
                case 6:
                    GoProto.Expect(type, WireType.Varint, "ZeroCountInt");
                    h.ZeroCountInt = reader.ReadVarint64();
                    h.ZeroCountIsFloat = false;
                    break;
                case 7:
                    GoProto.Expect(type, WireType.Fixed64, "ZeroCountFloat");
                    h.ZeroCountFloat = reader.ReadDouble();
                    h.ZeroCountIsFloat = true;
                    break;
                case 8:
                    h.NegativeSpans += ReadSpan(ref reader, type, "NegativeSpans");
                    break;
                case 9:
                    h.NegativeDeltas += CountVarints(ref reader, type, "NegativeDeltas");
                    break;
                case 10:
                    h.NegativeCounts += CountDoubles(ref reader, type, "NegativeCounts");
                    break;
                case 11:
                    h.PositiveSpans += ReadSpan(ref reader, type, "PositiveSpans");
                    break;
                case 12:
                    h.PositiveDeltas += CountVarints(ref reader, type, "PositiveDeltas");
                    break;
                case 13:
                    h.PositiveCounts += CountDoubles(ref reader, type, "PositiveCounts");
                    break;
                case 14:
                    GoProto.Expect(type, WireType.Varint, "ResetHint");
                    h.ResetHint = reader.ReadInt32();
                    break;
                case 15:
                    GoProto.Expect(type, WireType.Varint, "Timestamp");
                    h.Timestamp = reader.ReadInt64();
                    break;
                case 16:
                    h.CustomValues += CountDoubles(ref reader, type, "CustomValues");
                    break;
                case 17 when v2:
                    GoProto.Expect(type, WireType.Varint, "StartTimestamp");
                    h.StartTimestamp = reader.ReadInt64();
                    break;
                default:
                    GoProto.Skip(ref reader, field, type);
                    break;
            }
        }
        return h;
    }

    private static int ReadSpan(ref ProtoReader reader, WireType type, string fieldName)
    {
        GoProto.Expect(type, WireType.LengthDelimited, fieldName);
        var span = reader.ReadMessage();
        while (GoProto.NextField(ref span, "BucketSpan", out int field, out WireType spanType))
        {
            switch (field)
            {
                case 1:
                    GoProto.Expect(spanType, WireType.Varint, "Offset");
                    span.ReadSInt32();
                    break;
                case 2:
                    GoProto.Expect(spanType, WireType.Varint, "Length");
                    span.ReadVarint32();
                    break;
                default:
                    GoProto.Skip(ref span, field, spanType);
                    break;
            }
        }
        return 1;
    }

    private static int CountVarints(ref ProtoReader reader, WireType type, string fieldName)
    {
        if (!GoProto.IsPacked(type, WireType.Varint, fieldName))
        {
            reader.ReadVarint64();
            return 1;
        }
        var packed = reader.ReadMessage();
        int count = 0;
        while (!packed.End)
        {
            packed.ReadVarint64();
            count++;
        }
        return count;
    }

    private static int CountDoubles(ref ProtoReader reader, WireType type, string fieldName)
    {
        if (!GoProto.IsPacked(type, WireType.Fixed64, fieldName))
        {
            reader.ReadFixed64();
            return 1;
        }
        var packed = reader.ReadLengthDelimited();
        if (packed.Length % 8 != 0)
        {
            GoProto.Fail("unexpected EOF");
        }
        return packed.Length / 8;
    }
}
