using System.Text.Unicode;
using Vigil.Core.Text;
using Vigil.Core.Wire;
using Vigil.Metrics.Model;

namespace Vigil.Metrics.Ingest.RemoteWrite;

/// <summary>
/// The string caches remote write decodes label names and values through. A sender repeats the same
/// names and mostly the same values every few seconds, so a hit returns the string of the last request
/// instead of allocating a new one. Own caches, not the OTLP ones: a busy remote write stream should not
/// evict OTLP's attribute keys. Bounded: 8K names, 32K values, strings up to 128 bytes.
/// </summary>
internal static class RemoteWriteStrings
{
    public static Utf8StringCache Names { get; } = new(8192, 128);

    /// <summary>Values are admitted on their second sighting, so one-off values do not evict repeating ones.</summary>
    public static Utf8StringCache Values { get; } = new(32768, 128, admitOnSecondSighting: true);

    /// <summary>Decodes a 1.0 <c>Label</c> message (also used by exemplars); flags invalid UTF-8 instead of failing.</summary>
    public static Label ReadLabel(ref ProtoReader reader, ref bool invalidUtf8)
    {
        ReadOnlySpan<byte> name = default, value = default;
        while (GoProto.NextField(ref reader, "Label", out int field, out WireType type))
        {
            switch (field)
            {
                case 1:
                    GoProto.Expect(type, WireType.LengthDelimited, "Name");
                    name = reader.ReadLengthDelimited();
                    break;
                case 2:
                    GoProto.Expect(type, WireType.LengthDelimited, "Value");
                    value = reader.ReadLengthDelimited();
                    break;
                default:
                    GoProto.Skip(ref reader, field, type);
                    break;
            }
        }
        // Go strings carry any bytes; Prometheus rejects the series later (labels.IsValid), so do we.
        if (!Utf8.IsValid(name) || !Utf8.IsValid(value))
        {
            invalidUtf8 = true;
        }
        return new Label(Names.Get(name), Values.Get(value));
    }

    /// <summary>A free-text string (help, unit, family name): decoded, not cached unless short.</summary>
    public static string ReadText(ReadOnlySpan<byte> utf8) => Values.Get(utf8);
}
