using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Vigil.Core.Wire;

namespace Vigil.Metrics.Ingest.RemoteWrite;

/// <summary>
/// Field-reading helpers over <see cref="ProtoReader"/> that fail with the texts of gogo/protobuf generated
/// code, which is what Prometheus' receiver puts in a 400 body (checked against Prometheus 2.42:
/// <c>proto: wrong wireType = 0 for field Labels</c>, <c>proto: TimeSeries: illegal tag 0 (wire type 0)</c>,
/// <c>unexpected EOF</c>, <c>proto: integer overflow</c>).
/// </summary>
internal static class GoProto
{
    /// <summary>Reads the next field key of <paramref name="message"/>; false at its end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool NextField(ref ProtoReader reader, string message, out int field, out WireType wireType)
    {
        if (reader.End)
        {
            field = 0;
            wireType = 0;
            return false;
        }
        ulong key = reader.ReadVarint64();
        // gogo: fieldNum := int32(wire >> 3), and the "wire type" it prints is the whole key.
        field = unchecked((int)(key >> 3));
        wireType = (WireType)(key & 7);
        if (wireType == WireType.EndGroup)
        {
            Fail($"proto: {message}: wiretype end group for non-group");
        }
        if (field <= 0)
        {
            Fail($"proto: {message}: illegal tag {field} (wire type {key})");
        }
        return true;
    }

    /// <summary>A known field with another wire type is an error (gogo does not skip it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Expect(WireType actual, WireType expected, string fieldName)
    {
        if (actual != expected)
        {
            WrongWireType(actual, fieldName);
        }
    }

    /// <summary>For repeated scalars, which arrive packed (length-delimited) or one by one.</summary>
    public static bool IsPacked(WireType actual, WireType unpacked, string fieldName)
    {
        if (actual == WireType.LengthDelimited)
        {
            return true;
        }
        if (actual != unpacked)
        {
            WrongWireType(actual, fieldName);
        }
        return false;
    }

    /// <summary>Skips an unknown field, as protobuf requires.</summary>
    public static void Skip(ref ProtoReader reader, int field, WireType wireType)
    {
        if ((int)wireType > 5)
        {
            Fail($"proto: illegal wireType {(int)wireType}");
        }
        reader.SkipField(field, wireType);
    }

    [DoesNotReturn]
    public static void WrongWireType(WireType actual, string fieldName) =>
        Fail($"proto: wrong wireType = {(int)actual} for field {fieldName}");

    [DoesNotReturn]
    public static void Fail(string text) => throw new RemoteWriteDecodeException(text);

    /// <summary>
    /// The Go text for a wire-level failure <see cref="ProtoReader"/> found: every truncation is io's
    /// <c>unexpected EOF</c>, an over-long varint gogo's <c>ErrIntOverflow</c>. The reader's own message,
    /// which has the byte offset, is what gets logged.
    /// </summary>
    public static string TextOf(ProtoException e)
    {
        string message = e.Message;
        if (message.StartsWith("varint overflows", StringComparison.Ordinal) || message.StartsWith("varint longer", StringComparison.Ordinal))
        {
            return "proto: integer overflow";
        }
        const string InvalidWireType = "invalid wire type ";
        if (message.StartsWith(InvalidWireType, StringComparison.Ordinal))
        {
            int end = message.IndexOf(' ', InvalidWireType.Length);
            return $"proto: illegal wireType {message[InvalidWireType.Length..(end < 0 ? message.Length : end)]}";
        }
        return "unexpected EOF";
    }
}

/// <summary>A request body is not a valid remote write message; the message is the 400 body (upstream's wording).</summary>
internal sealed class RemoteWriteDecodeException(string message, string? detail = null) : Exception(message)
{
    /// <summary>What the wire reader saw, with the byte offset, for the log.</summary>
    public string Detail { get; } = detail ?? message;
}
