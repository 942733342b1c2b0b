using CsCheck;
using Vigil.Core.Wire;

namespace Vigil.Core.Tests;

public sealed class ProtoWireTests
{
    [Fact]
    public void Varints_and_fixed_values_round_trip()
    {
        Gen.Select(Gen.ULong, Gen.Long, Gen.Int, Gen.Double).Sample((u, l, i, d) =>
        {
            using var writer = new ProtoWriter(4);
            writer.WriteTag(1, WireType.Varint);
            writer.WriteVarint(u);
            writer.WriteTag(2, WireType.Varint);
            writer.WriteVarint((ulong)((l << 1) ^ (l >> 63)));
            writer.WriteTag(3, WireType.Fixed32);
            writer.WriteRawFixed32((uint)i);
            writer.WriteDoubleFieldAlways(4, d);
            var reader = new ProtoReader(writer.WrittenSpan);
            Assert.True(reader.TryReadTag(out int f, out var t) && f == 1 && t == WireType.Varint);
            Assert.Equal(u, reader.ReadVarint64());
            Assert.True(reader.TryReadTag(out f, out _) && f == 2);
            Assert.Equal(l, reader.ReadSInt64());
            Assert.True(reader.TryReadTag(out f, out t) && f == 3 && t == WireType.Fixed32);
            Assert.Equal((uint)i, reader.ReadFixed32());
            Assert.True(reader.TryReadTag(out f, out t) && f == 4 && t == WireType.Fixed64);
            Assert.Equal(BitConverter.DoubleToInt64Bits(d), BitConverter.DoubleToInt64Bits(reader.ReadDouble()));
            Assert.False(reader.TryReadTag(out _, out _));
        }, iter: 2000);
    }

    [Fact]
    public void Nested_messages_of_any_length_round_trip()
    {
        // Lengths around the 1-, 2- and 3-byte varint boundaries exercise EndMessage's shift.
        foreach (int size in new[] { 0, 1, 127, 128, 129, 16383, 16384, 70000 })
        {
            using var writer = new ProtoWriter(8);
            int start = writer.BeginMessage(7);
            var body = new byte[size];
            new Random(size).NextBytes(body);
            writer.WriteRawBytes(body);
            writer.EndMessage(start);
            writer.WriteVarintField(8, 42);
            var reader = new ProtoReader(writer.WrittenSpan);
            Assert.True(reader.TryReadTag(out int f, out var t) && f == 7 && t == WireType.LengthDelimited);
            Assert.Equal(body, reader.ReadLengthDelimited().ToArray());
            Assert.True(reader.TryReadTag(out f, out _) && f == 8);
            Assert.Equal(42UL, reader.ReadVarint64());
        }
    }

    [Fact]
    public void Unknown_fields_of_every_wire_type_are_skipped()
    {
        using var writer = new ProtoWriter();
        writer.WriteVarintField(100, 5);
        writer.WriteFixed64Field(101, 6);
        writer.WriteFixed32Field(102, 7);
        writer.WriteStringField(103, "skip me");
        writer.WriteTag(104, WireType.StartGroup);
        writer.WriteVarintField(1, 1);
        writer.WriteTag(104, WireType.EndGroup);
        writer.WriteVarintField(1, 99);
        var reader = new ProtoReader(writer.WrittenSpan);
        while (reader.TryReadTag(out int f, out var t))
        {
            if (f == 1)
            {
                Assert.Equal(99UL, reader.ReadVarint64());
                return;
            }
            reader.SkipField(f, t);
        }
        Assert.Fail("field 1 not reached");
    }

    [Theory]
    [InlineData(new byte[] { 0x08 }, "truncated varint at byte 1")]
    [InlineData(new byte[] { 0x0a, 0x05, 0x01 }, "length 5 runs past the end of the message at byte 2")]
    [InlineData(new byte[] { 0x09, 0x01, 0x02 }, "truncated fixed64 at byte 1")]
    [InlineData(new byte[] { 0x0f }, "invalid wire type 7 for field 1 at byte 1")]
    [InlineData(new byte[] { 0x00 }, "invalid field number 0 at byte 1")]
    [InlineData(new byte[] { 0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f }, "varint overflows 64 bits at byte 1")]
    public void Malformed_input_throws_with_the_offset(byte[] input, string message)
    {
        var e = Assert.Throws<ProtoException>(() =>
        {
            var reader = new ProtoReader(input);
            while (reader.TryReadTag(out int f, out var t))
            {
                reader.SkipField(f, t);
            }
        });
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Nested_groups_are_skipped_up_to_the_depth_limit_and_refused_beyond()
    {
        static byte[] Groups(int depth)
        {
            using var writer = new ProtoWriter();
            for (int i = 0; i < depth; i++) writer.WriteTag(5, WireType.StartGroup);
            for (int i = 0; i < depth; i++) writer.WriteTag(5, WireType.EndGroup);
            writer.WriteVarintField(1, 7);
            return writer.ToArray();
        }
        static ulong Read(byte[] bytes)
        {
            var reader = new ProtoReader(bytes);
            while (reader.TryReadTag(out int f, out var t))
            {
                if (f == 1) return reader.ReadVarint64();
                reader.SkipField(f, t);
            }
            return 0;
        }
        Assert.Equal(7UL, Read(Groups(ProtoReader.MaxGroupDepth)));
        var e = Assert.Throws<ProtoException>(() => Read(Groups(ProtoReader.MaxGroupDepth + 1)));
        Assert.StartsWith("groups nested deeper than 100 levels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_bytes_only_ever_throw_ProtoException()
    {
        Gen.Byte.Array[0, 64].Sample(bytes =>
        {
            try
            {
                var reader = new ProtoReader(bytes);
                while (reader.TryReadTag(out int f, out var t))
                {
                    reader.SkipField(f, t);
                }
            }
            catch (ProtoException)
            {
                // expected for most random input
            }
        }, iter: 5000);
    }
}
