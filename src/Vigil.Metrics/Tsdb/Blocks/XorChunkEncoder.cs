using System.Buffers.Binary;
using System.Numerics;

namespace Vigil.Metrics.Tsdb.Blocks;

/// <summary>
/// Encodes a whole chunk of known samples in the XOR layout of <see cref="Chunks.XorChunk"/>
/// (docs/formats/metrics-chunks.md), byte for byte the same output, straight into a shared buffer with a
/// 64-bit bit accumulator. Reading a page re-encodes every chunk; <see cref="Chunks.XorChunk"/> is built
/// for appends one sample at a time (bit-by-bit writes, a growing array per chunk) and costs several
/// times more there. ColumnCodecTests checks the two agree on random input.
/// </summary>
internal static class XorChunkEncoder
{
    /// <summary>Appends the encoded chunk to <paramref name="output"/>; returns its length in bytes.</summary>
    public static int Append(BlockBuffer output, ReadOnlySpan<long> ts, ReadOnlySpan<double> vs)
    {
        int start = output.Length;
        var header = output.Reserve(2, out _);
        BinaryPrimitives.WriteUInt16BigEndian(header, (ushort)ts.Length);
        var w = new BitWriter(output);
        long prevT = 0, prevDelta = 0;
        ulong prevV = 0;
        int leading = 0xFF, trailing = 0;
        for (int i = 0; i < ts.Length; i++)
        {
            long t = ts[i];
            ulong v = BitConverter.DoubleToUInt64Bits(vs[i]);
            if (i == 0)
            {
                w.WriteVarint(BlockBuffer.ZigZag(t));
                w.Write(v >> 32, 32);
                w.Write(v & 0xFFFFFFFF, 32);
            }
            else
            {
                long delta = t - prevT;
                if (i == 1) w.WriteVarint(BlockBuffer.ZigZag(delta));
                else
                {
                    long dod = delta - prevDelta;
                    if (dod == 0) w.Write(0, 1);
                    else if (Fits(dod, 14)) w.Write((0b10UL << 14) | ((ulong)dod & 0x3FFF), 16);
                    else if (Fits(dod, 17)) w.Write((0b110UL << 17) | ((ulong)dod & 0x1FFFF), 20);
                    else if (Fits(dod, 20)) w.Write((0b1110UL << 20) | ((ulong)dod & 0xFFFFF), 24);
                    else
                    {
                        w.Write(0b1111, 4);
                        w.Write((ulong)dod >> 32, 32);
                        w.Write((ulong)dod & 0xFFFFFFFF, 32);
                    }
                }
                prevDelta = delta;
                ulong xor = v ^ prevV;
                if (xor == 0) w.Write(0, 1);
                else
                {
                    int lead = Math.Min(BitOperations.LeadingZeroCount(xor), 31);
                    int trail = BitOperations.TrailingZeroCount(xor);
                    if (leading != 0xFF && lead >= leading && trail >= trailing)
                    {
                        w.Write(0b10, 2);
                        w.WriteWide(xor >> trailing, 64 - leading - trailing);
                    }
                    else
                    {
                        leading = lead;
                        trailing = trail;
                        int significant = 64 - lead - trail;
                        w.Write((0b11UL << 11) | ((ulong)lead << 6) | (uint)(significant & 63), 13);
                        w.WriteWide(xor >> trail, significant);
                    }
                }
            }
            prevT = t;
            prevV = v;
        }
        w.Flush();
        return output.Length - start;
    }

    private static bool Fits(long v, int bits) => v >= -(1L << (bits - 1)) && v < (1L << (bits - 1));

    /// <summary>Most-significant-bit-first writer; at most 32 bits per <see cref="Write"/>.</summary>
    private ref struct BitWriter(BlockBuffer output)
    {
        private ulong _acc;
        private int _bits;

        public void Write(ulong value, int n)
        {
            _acc = (_acc << n) | value;
            _bits += n;
            while (_bits >= 8)
            {
                _bits -= 8;
                output.WriteByte((byte)(_acc >> _bits));
            }
        }

        public void WriteWide(ulong value, int n)
        {
            if (n > 32)
            {
                Write(value >> 32, n - 32);
                Write(value & 0xFFFFFFFF, 32);
            }
            else Write(value, n);
        }

        public void WriteVarint(ulong v)
        {
            while (v >= 0x80)
            {
                Write((v & 0x7F) | 0x80, 8);
                v >>= 7;
            }
            Write(v, 8);
        }

        public void Flush()
        {
            if (_bits > 0) output.WriteByte((byte)(_acc << (8 - _bits)));
            _bits = 0;
        }
    }
}
