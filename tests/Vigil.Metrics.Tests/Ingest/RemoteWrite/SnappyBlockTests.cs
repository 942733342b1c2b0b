using CsCheck;
using Vigil.Metrics.Ingest.RemoteWrite;

namespace Vigil.Metrics.Tests.Ingest.RemoteWrite;

public class SnappyBlockTests
{
    [Fact]
    public void Round_trips_what_snappier_compressed()
    {
        Gen.Byte.Array[0, 5000].Sample(raw =>
        {
            byte[] block = Snappier.Snappy.CompressToArray(raw);
            byte[] buffer = [];
            Assert.Equal(SnappyStatus.Ok, SnappyBlock.TryDecompress(block, 1 << 20, ref buffer, out int length, out _));
            Assert.Equal(raw, buffer.AsSpan(0, length).ToArray());
        }, iter: 200);
    }

    /// <summary>Runs and repeats from a small alphabet, so blocks hold every kind of copy, overlapping ones too.</summary>
    private static readonly Gen<byte[]> Compressible =
        Gen.Select(Gen.Byte[0, 3], Gen.Int[1, 300]).Array[0, 400].Select(runs =>
        {
            var bytes = new List<byte>();
            foreach (var (b, n) in runs)
            {
                if (n % 3 == 0 && bytes.Count > 10) bytes.AddRange(bytes.GetRange(bytes.Count - 10, 10)); // a repeat at a short offset
                else bytes.AddRange(Enumerable.Repeat(b, n % 70));
            }
            return bytes.ToArray();
        });

    [Fact]
    public void Round_trips_compressible_data_with_copies_of_every_kind()
    {
        Compressible.Sample(raw =>
        {
            byte[] block = Snappier.Snappy.CompressToArray(raw);
            byte[] buffer = [];
            Assert.Equal(SnappyStatus.Ok, SnappyBlock.TryDecompress(block, 1 << 22, ref buffer, out int length, out _));
            Assert.Equal(raw, buffer.AsSpan(0, length).ToArray());
        }, iter: 300);
    }

    [Fact]
    public void Damaged_blocks_agree_with_snappier_on_what_is_corrupt_and_decode_to_the_same_bytes()
    {
        Gen.Select(Compressible, Gen.Int, Gen.Byte).Sample((raw, at, value) =>
        {
            byte[] block = Snappier.Snappy.CompressToArray(raw);
            if (block.Length == 0) return;
            block[(at & int.MaxValue) % block.Length] = value;
            byte[] buffer = [];
            var status = SnappyBlock.TryDecompress(block, 1 << 22, ref buffer, out int length, out _);
            byte[]? expected;
            try
            {
                expected = Snappier.Snappy.DecompressToArray(block);
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException or IndexOutOfRangeException)
            {
                expected = null;
            }
            // Snappier is more lenient than Go's decoder (which Prometheus uses) in one way: it accepts a copy
            // that runs past the declared length. Go, and so this decoder, call that corrupt; every other
            // verdict and every decoded byte must agree.
            if (expected is null) Assert.Equal(SnappyStatus.Corrupt, status);
            else if (status == SnappyStatus.Ok) Assert.Equal(expected, buffer.AsSpan(0, length).ToArray());
        }, iter: 3000);
    }

    [Fact]
    public void The_declared_length_is_checked_before_anything_is_allocated()
    {
        // Claims 4 GiB - 1 in six bytes.
        byte[] block = [0xff, 0xff, 0xff, 0xff, 0x0f, 0x00];
        byte[] buffer = [];
        SnappyBlock.TryDecompress(block, 1 << 20, ref buffer, out _, out _); // JIT warm-up
        long before = GC.GetAllocatedBytesForCurrentThread();
        var status = SnappyBlock.TryDecompress(block, 32 << 20, ref buffer, out _, out string error);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(SnappyStatus.TooLarge, status);
        Assert.Empty(buffer);
        Assert.Equal("snappy: decoded block is too large: 4294967295 bytes exceed the limit of 33554432 bytes", error);
        Assert.True(allocated < 1024, $"allocated {allocated} bytes");
    }

    [Theory]
    [InlineData("")] // no header at all: what Prometheus answers for an empty body
    [InlineData("67617262616765")] // "garbage"
    [InlineData("ffffffffff7f00")] // length over 32 bits (Go: corrupt, not too large)
    [InlineData("ffffffffffff")] // unterminated varint
    [InlineData("0508ff")] // literal of 3 bytes, only 1 present
    [InlineData("0308ffffff")] // declares 3, the literal gives 3 — but then: see next
    [InlineData("0408ffffff")] // declares 4, produces 3
    [InlineData("030a00")] // copy before any output
    public void Broken_blocks_are_corrupt_input(string hex)
    {
        byte[] buffer = [];
        var status = SnappyBlock.TryDecompress(Convert.FromHexString(hex), 1 << 20, ref buffer, out int length, out string error);
        if (hex == "0308ffffff")
        {
            // The control: a well-formed 3-byte literal.
            Assert.Equal(SnappyStatus.Ok, status);
            Assert.Equal(3, length);
            return;
        }
        Assert.Equal(SnappyStatus.Corrupt, status);
        Assert.Equal("snappy: corrupt input", error);
        Assert.Equal(0, length);
    }

    [Theory]
    [InlineData("5000 03 fe0100 ce0100")] // 1 + 64 + 52 bytes for a declared 80: Go says corrupt (Snappier accepts it)
    [InlineData("0500 61 0100")] // copy1 with offset 0
    [InlineData("0500 61 050200")] // a copy reaching back past the start of the output
    public void Copies_that_leave_the_output_are_corrupt_as_in_go(string hex)
    {
        byte[] buffer = [];
        var status = SnappyBlock.TryDecompress(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)), 1 << 20, ref buffer, out _, out _);
        Assert.Equal(SnappyStatus.Corrupt, status);
    }

    [Fact]
    public void An_empty_block_is_valid()
    {
        byte[] buffer = [];
        Assert.Equal(SnappyStatus.Ok, SnappyBlock.TryDecompress([0x00], 10, ref buffer, out int length, out _));
        Assert.Equal(0, length);
    }

    [Fact]
    public void Random_bytes_never_escape_as_an_exception()
    {
        Gen.Byte.Array[0, 64].Sample(bytes =>
        {
            byte[] buffer = [];
            var status = SnappyBlock.TryDecompress(bytes, 1 << 16, ref buffer, out int length, out _);
            Assert.True(status == SnappyStatus.Ok || length == 0);
            Assert.True(length <= buffer.Length);
        }, iter: 2000);
    }
}
