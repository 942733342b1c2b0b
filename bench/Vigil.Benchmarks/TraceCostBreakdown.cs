using BenchmarkDotNet.Attributes;
using Vigil.Core.Text;
using Vigil.Core.Wire;
using Vigil.Otlp.Model;
using Vigil.Otlp.Protobuf;

namespace Vigil.Benchmarks;

/// <summary>
/// Where the trace decoder's time goes, by subtraction. Each step does a little more of what
/// <see cref="OtlpProtobufDecoder.DecodeTraces"/> does over the same bytes:
/// <list type="number">
/// <item><c>Walk</c>: visit every field of every message with <see cref="ProtoReader"/> (tags, varints, fixed64,
/// ids, string slices), building nothing: the wire-parsing floor.</item>
/// <item><c>Walk + count passes</c>: also the pre-scan the decoder makes of each span and attribute list to size
/// its arrays exactly.</item>
/// <item><c>Walk + strings</c>: also turn every key, name and string value into a string through the same
/// process-wide <see cref="Utf8StringCache"/> instances the decoder uses (hits, except values over 64 bytes).</item>
/// <item><c>Full decode</c>: the real decoder; the rest (Span objects, KeyValue arrays, AnyValue structs, the
/// model's writes and allocation/GC) is the difference.</item>
/// </list>
/// Two more rows split the cost of "unseen values" (TraceDecodeBenchmarks): <c>Full decode, 256 copies</c> decodes
/// 256 separate copies of the same bytes in turn (input no longer in the CPU caches, values still hit the string
/// caches), <c>Full decode, 256 variants</c> decodes 256 different payloads (input cold and unique values missing).
/// Run: <c>dotnet run -c Release --project bench/Vigil.Benchmarks -- --filter '*Breakdown*'</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(DecodeConfig))]
public class TraceCostBreakdown
{
    private byte[] _protobuf = [];
    private byte[][] _copies = [];
    private byte[][] _variants = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _protobuf = Payloads.Traces.Protobuf;
        _copies = new byte[DecodeSettings.UnseenVariants][];
        for (int i = 0; i < _copies.Length; i++)
        {
            _copies[i] = (byte[])_protobuf.Clone();
        }
        _variants = Array.ConvertAll(Payloads.Variants(PayloadKind.Traces, DecodeSettings.UnseenVariants), v => v.Protobuf);
    }

    [Benchmark(Description = "Walk")]
    [Payload(PayloadKind.Traces, json: false)]
    public long Walk() => TraceWalker.Walk(_protobuf, countPasses: false, strings: false);

    [Benchmark(Description = "Walk + count passes")]
    [Payload(PayloadKind.Traces, json: false)]
    public long WalkCount() => TraceWalker.Walk(_protobuf, countPasses: true, strings: false);

    [Benchmark(Description = "Walk + count passes + strings")]
    [Payload(PayloadKind.Traces, json: false)]
    public long WalkCountStrings() => TraceWalker.Walk(_protobuf, countPasses: true, strings: true);

    [Benchmark(Baseline = true, Description = "Full decode")]
    [Payload(PayloadKind.Traces, json: false)]
    public TracesData Full() => OtlpProtobufDecoder.DecodeTraces(_protobuf);

    [Benchmark(Description = "Full decode, 256 copies")]
    [Payload(PayloadKind.Traces, json: false)]
    public TracesData FullCopies() => OtlpProtobufDecoder.DecodeTraces(_copies[_next++ & (DecodeSettings.UnseenVariants - 1)]);

    [Benchmark(Description = "Full decode, 256 variants")]
    [Payload(PayloadKind.Traces, json: false, Variants = DecodeSettings.UnseenVariants)]
    public TracesData FullVariants() => OtlpProtobufDecoder.DecodeTraces(_variants[_next++ & (DecodeSettings.UnseenVariants - 1)]);
}

/// <summary>A schema-aware walk over an ExportTraceServiceRequest that builds nothing (returns a checksum).</summary>
internal static class TraceWalker
{
    private static readonly Utf8StringCache Names = Utf8StringCache.Names;
    private static readonly Utf8StringCache Values = Utf8StringCache.Values;

    public static long Walk(ReadOnlySpan<byte> message, bool countPasses, bool strings)
    {
        long sum = 0;
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out int field, out WireType type))
        {
            if (field == 1 && type == WireType.LengthDelimited)
            {
                sum += ResourceSpans(reader.ReadLengthDelimited(), countPasses, strings);
            }
            else
            {
                reader.SkipField(field, type);
            }
        }
        return sum;
    }

    private static long ResourceSpans(ReadOnlySpan<byte> message, bool countPasses, bool strings)
    {
        long sum = 0;
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out int field, out WireType type))
        {
            switch (field)
            {
                case 1:
                    sum += Attributes(reader.ReadLengthDelimited(), 1, countPasses, strings);
                    break;
                case 2:
                    sum += ScopeSpans(reader.ReadLengthDelimited(), countPasses, strings);
                    break;
                default:
                    reader.SkipField(field, type);
                    break;
            }
        }
        return sum;
    }

    private static long ScopeSpans(ReadOnlySpan<byte> message, bool countPasses, bool strings)
    {
        long sum = 0;
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out int field, out WireType type))
        {
            if (field == 2)
            {
                sum += Span(reader.ReadLengthDelimited(), countPasses, strings);
            }
            else
            {
                reader.SkipField(field, type);
            }
        }
        return sum;
    }

    private static long Count(ReadOnlySpan<byte> message, int wanted)
    {
        var reader = new ProtoReader(message);
        long n = 0;
        while (reader.TryReadTag(out int f, out WireType t))
        {
            if (f == wanted) n++;
            reader.SkipField(f, t);
        }
        return n;
    }

    private static long Span(ReadOnlySpan<byte> message, bool countPasses, bool strings)
    {
        long sum = countPasses ? Count(message, 9) : 0;
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out int field, out WireType type))
        {
            switch (field)
            {
                case 1:
                    sum += (long)TraceId.FromBytes(reader.ReadLengthDelimited()).Low;
                    break;
                case 2:
                case 4:
                    var id = reader.ReadLengthDelimited();
                    sum += id.IsEmpty ? 0 : (long)SpanId.FromBytes(id).Value;
                    break;
                case 5:
                    var name = reader.ReadLengthDelimited();
                    sum += strings ? Names.Get(name).Length : name.Length;
                    break;
                case 6:
                    sum += reader.ReadInt32();
                    break;
                case 7:
                case 8:
                    sum += (long)reader.ReadFixed64();
                    break;
                case 9:
                    sum += KeyValue(reader.ReadLengthDelimited(), strings);
                    break;
                default:
                    reader.SkipField(field, type);
                    break;
            }
        }
        return sum;
    }

    private static long Attributes(ReadOnlySpan<byte> message, int field, bool countPasses, bool strings)
    {
        long sum = countPasses ? Count(message, field) : 0;
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out int f, out WireType type))
        {
            if (f == field)
            {
                sum += KeyValue(reader.ReadLengthDelimited(), strings);
            }
            else
            {
                reader.SkipField(f, type);
            }
        }
        return sum;
    }

    private static long KeyValue(ReadOnlySpan<byte> message, bool strings)
    {
        long sum = 0;
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out int field, out WireType type))
        {
            if (field == 1)
            {
                var key = reader.ReadLengthDelimited();
                sum += strings ? Names.Get(key).Length : key.Length;
            }
            else if (field == 2)
            {
                sum += AnyValue(reader.ReadLengthDelimited(), strings);
            }
            else
            {
                reader.SkipField(field, type);
            }
        }
        return sum;
    }

    private static long AnyValue(ReadOnlySpan<byte> message, bool strings)
    {
        long sum = 0;
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out int field, out WireType type))
        {
            switch (field)
            {
                case 1:
                    var text = reader.ReadLengthDelimited();
                    sum += strings ? Values.Get(text).Length : text.Length;
                    break;
                case 2:
                case 3:
                    sum += (long)reader.ReadVarint64();
                    break;
                default:
                    reader.SkipField(field, type);
                    break;
            }
        }
        return sum;
    }
}
