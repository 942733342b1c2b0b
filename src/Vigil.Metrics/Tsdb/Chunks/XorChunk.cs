using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Tsdb.Chunks;

/// <summary>
/// An appendable chunk of float samples in the Gorilla encoding Prometheus uses (<c>chunkenc/xor.go</c>;
/// byte layout in docs/formats/metrics-chunks.md): a 2-byte big-endian sample count, then the first
/// timestamp as a zigzag varint and its value as 64 raw bits, the second timestamp as a delta and every
/// later one as a delta of deltas in 1, 16, 20, 24 or 68 bits, and each value XORed with the previous one
/// (1 bit when equal, else the meaningful bits inside a leading/trailing-zero window).
/// </summary>
/// <remarks>
/// One writer (the series' lock holder); any number of <see cref="Iterator"/>s may read concurrently,
/// each seeing the samples present when it was made: appends only set bits after the last written one,
/// and a grown buffer is a copy, so a captured (buffer, count) pair never changes under a reader.
/// </remarks>
internal sealed class XorChunk
{
    internal const int HeaderSize = 2;

    /// <summary>Smallest buffer: enough for the first two samples (header, varint time, raw value, delta).</summary>
    internal const int MinCapacity = 32;

    private byte[] _buffer;
    private long _bitCount = HeaderSize * 8;
    private int _count;
    private long _t;
    private long _tDelta;
    private ulong _vBits;
    private int _leading = 0xFF; // 0xFF: no window yet
    private int _trailing;
    // An iterator holds the buffer: Reset must not write into it again.
    private bool _shared;

    public XorChunk() : this(MinCapacity)
    {
    }

    /// <summary>
    /// A chunk whose buffer starts at <paramref name="capacityHint"/> bytes (at least <see cref="MinCapacity"/>),
    /// e.g. the size the series' previous chunk ended at, so a steady series does not grow its buffer by
    /// doubling copies (32, 64, 128, 256 bytes: ~480 bytes of garbage per 120-sample chunk, most of it
    /// promoted before it dies and so left to gen2).
    /// </summary>
    public XorChunk(int capacityHint) => _buffer = new byte[Math.Max(MinCapacity, capacityHint)];

    public int Count => _count;

    /// <summary>Encoded size so far, header included.</summary>
    public int ByteCount => (int)((_bitCount + 7) >> 3);

    public void Append(long t, double v)
    {
        ulong vBits = BitConverter.DoubleToUInt64Bits(v);
        if (_count == 0)
        {
            WriteVarint(ZigZag(t));
            WriteBits(vBits, 64);
        }
        else if (_count == 1)
        {
            long delta = t - _t;
            WriteVarint(ZigZag(delta));
            WriteValue(vBits);
            _tDelta = delta;
        }
        else
        {
            long delta = t - _t;
            long dod = delta - _tDelta;
            if (dod == 0) WriteBit(false);
            else if (FitsBits(dod, 14)) { WriteBits(0b10, 2); WriteBits((ulong)dod & 0x3FFF, 14); }
            else if (FitsBits(dod, 17)) { WriteBits(0b110, 3); WriteBits((ulong)dod & 0x1FFFF, 17); }
            else if (FitsBits(dod, 20)) { WriteBits(0b1110, 4); WriteBits((ulong)dod & 0xFFFFF, 20); }
            else { WriteBits(0b1111, 4); WriteBits((ulong)dod, 64); }
            WriteValue(vBits);
            _tDelta = delta;
        }
        _t = t;
        _vBits = vBits;
        _count++;
        // The count lives in the buffer too, so ToCompactArray and persisted copies are self-describing.
        BinaryPrimitives.WriteUInt16BigEndian(_buffer, (ushort)_count);
    }

    /// <summary>The encoded bytes, exactly sized (a closed chunk keeps this and drops the writer).</summary>
    public byte[] ToCompactArray() => _buffer.AsSpan(0, ByteCount).ToArray();

    /// <summary>The encoded bytes so far (valid until the next append or <see cref="Reset"/>).</summary>
    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, ByteCount);

    /// <summary>
    /// Empties the chunk for reuse once its bytes were copied elsewhere (a series' next chunk), keeping the
    /// buffer unless an iterator still reads it or it is smaller than <paramref name="capacityHint"/>: a steady
    /// series then closes chunk after chunk without allocating.
    /// </summary>
    public void Reset(int capacityHint)
    {
        int capacity = Math.Max(MinCapacity, capacityHint);
        if (_shared || _buffer.Length < capacity || _buffer.Length > 2 * capacity) _buffer = new byte[capacity];
        else _buffer.AsSpan(0, ByteCount).Clear(); // bits are ORed in: the buffer must start zeroed
        _shared = false;
        _bitCount = HeaderSize * 8;
        _count = 0;
        _t = 0;
        _tDelta = 0;
        _vBits = 0;
        _leading = 0xFF;
        _trailing = 0;
    }

    /// <summary>An iterator over the samples appended so far.</summary>
    public SampleIterator Iterator(SampleIterator? reuse)
    {
        _shared = true;
        var it = reuse as XorIterator ?? new XorIterator();
        it.Reset(_buffer.AsMemory(0, ByteCount), _count);
        return it;
    }

    /// <summary>Whether <paramref name="v"/> fits in a two's-complement field of <paramref name="bits"/> bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool FitsBits(long v, int bits) => v >= -(1L << (bits - 1)) && v < (1L << (bits - 1));

    private static ulong ZigZag(long v) => (ulong)((v << 1) ^ (v >> 63));

    private void WriteValue(ulong vBits)
    {
        ulong xor = vBits ^ _vBits;
        if (xor == 0)
        {
            WriteBit(false);
            return;
        }
        int leading = BitOperations.LeadingZeroCount(xor);
        int trailing = BitOperations.TrailingZeroCount(xor);
        if (leading > 31) leading = 31; // 5 bits
        if (_leading != 0xFF && leading >= _leading && trailing >= _trailing)
        {
            // Fits the previous window: '10' + the window's bits.
            WriteBits(0b10, 2);
            WriteBits(xor >> _trailing, 64 - _leading - _trailing);
            return;
        }
        _leading = leading;
        _trailing = trailing;
        int significant = 64 - leading - trailing;
        WriteBits(0b11, 2);
        WriteBits((ulong)leading, 5);
        WriteBits((ulong)(significant & 63), 6); // 64 is stored as 0
        WriteBits(xor >> trailing, significant);
    }

    private void WriteVarint(ulong v)
    {
        while (v >= 0x80)
        {
            WriteBits((v & 0x7F) | 0x80, 8);
            v >>= 7;
        }
        WriteBits(v, 8);
    }

    private void WriteBit(bool bit)
    {
        EnsureCapacity(1);
        if (bit) _buffer[_bitCount >> 3] |= (byte)(0x80 >> (int)(_bitCount & 7));
        _bitCount++;
    }

    /// <summary>Writes the low <paramref name="n"/> bits of <paramref name="value"/>, most significant first.</summary>
    private void WriteBits(ulong value, int n)
    {
        if (n == 0) return;
        EnsureCapacity(n);
        if (n < 64) value &= (1UL << n) - 1;
        while (n > 0)
        {
            int byteIndex = (int)(_bitCount >> 3);
            int free = 8 - (int)(_bitCount & 7);
            int take = Math.Min(free, n);
            int shift = n - take;
            byte bits = (byte)((value >> shift) & ((1UL << take) - 1));
            _buffer[byteIndex] |= (byte)(bits << (free - take));
            _bitCount += take;
            n -= take;
        }
    }

    private void EnsureCapacity(int bits)
    {
        long needed = (_bitCount + bits + 7) >> 3;
        if (needed <= _buffer.Length) return;
        // Grow into a copy: iterators holding the old array keep reading what they captured.
        var grown = new byte[Math.Max(needed, _buffer.Length * 2)];
        Buffer.BlockCopy(_buffer, 0, grown, 0, _buffer.Length);
        _buffer = grown;
        _shared = false;
    }
}
