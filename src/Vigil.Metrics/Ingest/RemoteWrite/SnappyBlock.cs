using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vigil.Metrics.Ingest.RemoteWrite;

/// <summary>Why a snappy block could not be decompressed.</summary>
internal enum SnappyStatus : byte
{
    Ok,

    /// <summary>Not a valid block: Go's <c>snappy: corrupt input</c>.</summary>
    Corrupt,

    /// <summary>The header declares more bytes than the configured limit.</summary>
    TooLarge,
}

/// <summary>
/// Snappy block format (not framed), as remote write bodies are compressed. The block starts with the
/// decompressed length as a varint, so the limit is checked there, before a byte is allocated: a 30-byte
/// body claiming 4 GiB costs nothing. The output goes straight into the caller's buffer, grown to the
/// declared length when short (remote write keeps a few, <see cref="DecompressionBuffers"/>). Decoded here
/// rather than by Snappier, which decompresses every block into a buffer of the full size rented from the
/// shared array pool and then copies it out: one more body-sized array per request, and the pool kept one
/// per thread (fourteen 512 KiB arrays at 20,000 series). Snappier still compresses, in tests and tools.
/// </summary>
internal static class SnappyBlock
{
    public const string CorruptText = "snappy: corrupt input";

    /// <summary>Bytes past the output the decoder may write (a copy's last 8-byte word); output buffers have them.</summary>
    private const int CopySlack = 8;

    /// <summary>
    /// The declared length, read as Go's <c>snappy.decodedLen</c> does: a varint of at most 5 bytes whose
    /// value fits in 32 bits, else the block is corrupt.
    /// </summary>
    public static bool TryReadLength(ReadOnlySpan<byte> block, out long length)
    {
        ulong value = 0;
        for (int i = 0; i < block.Length && i < 10; i++)
        {
            byte b = block[i];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                length = (long)value;
                return i < 5 && value <= uint.MaxValue;
            }
        }
        length = 0;
        return false;
    }

    private static int LengthBytes(ReadOnlySpan<byte> block)
    {
        int i = 0;
        while (block[i] >= 0x80)
        {
            i++;
        }
        return i + 1;
    }

    /// <summary>
    /// Decodes the elements after the length into <paramref name="output"/>, which must come out exactly full.
    /// Literals and copies as the format defines them (Go's <c>snappy.decode</c> for the checks): a copy must
    /// start inside what was written (offset 1 or more) and fit in the output.
    /// </summary>
    private static bool Decode(ReadOnlySpan<byte> src, byte[] buffer, int size)
    {
        var output = buffer.AsSpan(0, size);
        int s = 0, d = 0;
        while (s < src.Length)
        {
            byte tag = src[s];
            int length;
            int offset;
            switch (tag & 3)
            {
                case 0:
                {
                    int x = tag >> 2;
                    s++;
                    if (x >= 60)
                    {
                        int n = x - 59; // 1 to 4 bytes of length - 1, little endian
                        if (s + n > src.Length)
                        {
                            return false;
                        }
                        uint value = 0;
                        for (int i = 0; i < n; i++)
                        {
                            value |= (uint)src[s + i] << (8 * i);
                        }
                        s += n;
                        if (value >= int.MaxValue)
                        {
                            return false;
                        }
                        x = (int)value;
                    }
                    length = x + 1;
                    if (length > src.Length - s || length > output.Length - d)
                    {
                        return false;
                    }
                    src.Slice(s, length).CopyTo(output[d..]);
                    s += length;
                    d += length;
                    continue;
                }
                case 1:
                    if (s + 2 > src.Length)
                    {
                        return false;
                    }
                    length = 4 + ((tag >> 2) & 7);
                    offset = ((tag & 0xE0) << 3) | src[s + 1];
                    s += 2;
                    break;
                case 2:
                    if (s + 3 > src.Length)
                    {
                        return false;
                    }
                    length = 1 + (tag >> 2);
                    offset = src[s + 1] | (src[s + 2] << 8);
                    s += 3;
                    break;
                default:
                {
                    if (s + 5 > src.Length)
                    {
                        return false;
                    }
                    length = 1 + (tag >> 2);
                    uint wide = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(src.Slice(s + 1, 4));
                    if (wide > int.MaxValue)
                    {
                        return false;
                    }
                    offset = (int)wide;
                    s += 5;
                    break;
                }
            }
            if (offset <= 0 || offset > d || length > output.Length - d)
            {
                return false;
            }
            if (offset >= 8)
            {
                // Eight bytes at a time, each read from bytes already written (offset >= 8); the last word may
                // run past the copy into the buffer's slack, and the next element overwrites it.
                ref byte at = ref MemoryMarshal.GetArrayDataReference(buffer);
                for (int i = 0; i < length; i += 8)
                {
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, d + i), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref at, d - offset + i)));
                }
            }
            else if (offset == 1)
            {
                output.Slice(d, length).Fill(output[d - 1]);
            }
            else
            {
                // Overlapping: the copy repeats the last offset bytes (a run), byte by byte as the format means.
                for (int i = 0; i < length; i++)
                {
                    output[d + i] = output[d - offset + i];
                }
            }
            d += length;
        }
        return d == output.Length;
    }

    public static SnappyStatus TryDecompress(ReadOnlySpan<byte> block, int limit, ref byte[] buffer, out int length, out string error)
    {
        length = 0;
        if (!TryReadLength(block, out long declared))
        {
            error = CorruptText;
            return SnappyStatus.Corrupt;
        }
        if (declared > limit)
        {
            error = $"snappy: decoded block is too large: {declared} bytes exceed the limit of {limit} bytes";
            return SnappyStatus.TooLarge;
        }
        int size = (int)declared;
        if (buffer.Length < size + CopySlack)
        {
            // With headroom: bodies of one sender vary by a few bytes, and each miss would be a new large array.
            buffer = new byte[size + (size / 8) + 4096];
        }
        if (!Decode(block[LengthBytes(block)..], buffer, size))
        {
            error = CorruptText;
            return SnappyStatus.Corrupt;
        }
        length = size;
        error = string.Empty;
        return SnappyStatus.Ok;
    }
}
