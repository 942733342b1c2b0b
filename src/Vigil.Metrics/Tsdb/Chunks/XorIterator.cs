using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Tsdb.Chunks;

/// <summary>
/// Decodes an <see cref="XorChunk"/> (layout there). Reusable: <see cref="Reset(ReadOnlyMemory{byte})"/>
/// points it at another chunk without allocating. Corrupt bytes end the iteration with <see cref="Error"/>
/// set instead of throwing, so one damaged chunk never takes a query (or the server) down.
/// </summary>
/// <remarks>
/// Hot path (every sample of every range query): bits are taken from one unaligned big-endian 64-bit load
/// at the current bit position rather than bit by bit, and a read past the end sets a flag instead of
/// throwing; Next checks the flag once per sample.
/// </remarks>
internal sealed unsafe class XorIterator : SampleIterator
{
    private const string CorruptMessage = "corrupt chunk: encoded data ends before its sample count";

    // The chunk is in _array from _offset, or (mapped head chunks) at _pointer when _array is null.
    private byte[]? _array = [];
    private int _offset;
    private byte* _pointer;
    private long _readable;  // bytes that may be loaded from the chunk's start (the chunk and whatever follows it)
    private long _bitPos;    // relative to _offset
    private long _bitLimit;  // chunk length in bits
    private bool _overrun;
    private int _total;
    private int _read;
    private long _t;
    private long _tDelta;
    private ulong _vBits;
    private int _leading;
    private int _trailing;
    private ValueKind _kind;
    private string? _error;

    /// <summary>Iterates a self-describing chunk (count from its header).</summary>
    public void Reset(ReadOnlyMemory<byte> data)
    {
        int count = data.Length >= XorChunk.HeaderSize ? BinaryPrimitives.ReadUInt16BigEndian(data.Span) : 0;
        Reset(data, count);
        if (data.Length < XorChunk.HeaderSize) _error = "chunk too short";
    }

    /// <summary>Iterates the first <paramref name="count"/> samples (a live chunk's captured count).</summary>
    public void Reset(ReadOnlyMemory<byte> data, int count)
    {
        // Chunk bytes are arrays (open head chunks, block pages) or mapped head chunk files, both read in
        // place; anything else is copied once.
        if (MemoryMarshal.TryGetArray(data, out var segment) && segment.Array is not null)
        {
            _array = segment.Array;
            _offset = segment.Offset;
            _pointer = null;
            _readable = segment.Array.Length - segment.Offset;
        }
        else if (MemoryMarshal.TryGetMemoryManager(data, out MappedBytes? mapped, out int start, out _))
        {
            _array = null;
            _offset = 0;
            _pointer = mapped.Pointer + start;
            _readable = mapped.Length - start;
        }
        else
        {
            _array = data.ToArray();
            _offset = 0;
            _pointer = null;
            _readable = _array.Length;
        }
        _bitLimit = (long)data.Length * 8;
        _bitPos = XorChunk.HeaderSize * 8;
        _overrun = false;
        _total = count;
        _read = 0;
        _t = 0;
        _tDelta = 0;
        _vBits = 0;
        _leading = 0;
        _trailing = 0;
        _kind = ValueKind.None;
        _error = null;
    }

    public override ValueKind Current => _kind;
    public override long AtT() => _t;
    public override double AtF() => BitConverter.UInt64BitsToDouble(_vBits);
    public override string? Error => _error;

    public override ValueKind Next()
    {
        if (_read >= _total || _error is not null) return _kind = ValueKind.None;
        if (_read >= 2)
        {
            if (TryNextFast()) return _kind = ValueKind.Float;
            long dod;
            if (ReadBit() == 0) dod = 0;
            else if (ReadBit() == 0) dod = SignExtend(ReadBits(14), 14);
            else if (ReadBit() == 0) dod = SignExtend(ReadBits(17), 17);
            else if (ReadBit() == 0) dod = SignExtend(ReadBits(20), 20);
            else dod = (long)ReadBits(64);
            _tDelta += dod;
            _t += _tDelta;
            ReadValue();
        }
        else if (_read == 0)
        {
            _t = UnZigZag(ReadVarint());
            _vBits = ReadBits(64);
        }
        else
        {
            _tDelta = UnZigZag(ReadVarint());
            _t += _tDelta;
            ReadValue();
        }
        if (_overrun)
        {
            _error = CorruptMessage;
            return _kind = ValueKind.None;
        }
        _read++;
        return _kind = ValueKind.Float;
    }

    /// <summary>Most bits one sample can take: the 68-bit timestamp form plus a new 77-bit value window.</summary>
    private const int MaxSampleBits = 4 + 64 + 2 + 5 + 6 + 64;

    /// <summary>
    /// Decodes a third-or-later sample with no per-read bounds checks when the chunk has room for the largest
    /// possible sample (and the array for the 8-byte loads past it); false leaves everything for the checked path.
    /// Produces exactly what the checked path does (the chunk round-trip property tests cover both).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryNextFast()
    {
        long pos = _bitPos;
        // Every load below starts at a bit before pos + MaxSampleBits and reads 8 bytes from there.
        if (pos + MaxSampleBits > _bitLimit || ((pos + MaxSampleBits - 1) >> 3) + 8 > _readable) return false;
        ref byte start = ref Start();

        ulong w = Load(ref start, pos);
        long dod;
        if ((long)w >= 0) { dod = 0; pos += 1; }
        else
        {
            switch (BitOperations.LeadingZeroCount(~w))
            {
                case 1: dod = (long)(w << 2) >> (64 - 14); pos += 2 + 14; break;
                case 2: dod = (long)(w << 3) >> (64 - 17); pos += 3 + 17; break;
                case 3: dod = (long)(w << 4) >> (64 - 20); pos += 4 + 20; break;
                default: pos += 4; dod = (long)Read(ref start, ref pos, 64); break;
            }
        }

        w = Load(ref start, pos);
        if ((long)w >= 0) pos += 1; // same value
        else
        {
            int leading = _leading, trailing = _trailing;
            if ((w & (1UL << 62)) != 0)
            {
                leading = (int)(w << 2 >> (64 - 5));
                int significant = (int)(w << 7 >> (64 - 6));
                if (significant == 0) significant = 64;
                trailing = 64 - leading - significant;
                if (trailing < 0) return false; // corrupt: the checked path reports it
                _leading = leading;
                _trailing = trailing;
                pos += 2 + 5 + 6;
            }
            else pos += 2;
            _vBits ^= Read(ref start, ref pos, 64 - leading - trailing) << trailing;
        }
        _tDelta += dod;
        _t += _tDelta;
        _bitPos = pos;
        _read++;
        return true;
    }

    /// <summary>The chunk's first byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref byte Start()
    {
        if (_array is { } array) return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), _offset);
        return ref Unsafe.AsRef<byte>(_pointer);
    }

    /// <summary>The 64 bits at bit <paramref name="pos"/> (at least the top 57 are chunk bits); caller checked the bounds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Load(ref byte start, long pos)
    {
        ulong word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, (nint)(pos >> 3)));
        if (BitConverter.IsLittleEndian) word = BinaryPrimitives.ReverseEndianness(word);
        return word << (int)(pos & 7);
    }

    /// <summary>The next <paramref name="n"/> (1..64) bits at <paramref name="pos"/>, advancing it; caller checked the bounds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Read(ref byte start, ref long pos, int n)
    {
        if (n <= 56)
        {
            ulong r = Load(ref start, pos) >> (64 - n);
            pos += n;
            return r;
        }
        ulong hi = Load(ref start, pos) >> 32;
        ulong lo = Load(ref start, pos + 32) >> (96 - n);
        pos += n;
        return (hi << (n - 32)) | lo;
    }

    /// <summary>Same contract as the base; overridden so the loop calls <see cref="Next"/> directly.</summary>
    public override ValueKind Seek(long t)
    {
        var kind = _kind;
        if (kind != ValueKind.None && _t >= t) return kind;
        while ((kind = Next()) != ValueKind.None)
            if (_t >= t) return kind;
        return ValueKind.None;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ReadValue()
    {
        if (ReadBit() == 0) return; // same value
        if (ReadBit() != 0)
        {
            _leading = (int)ReadBits(5);
            int significant = (int)ReadBits(6);
            if (significant == 0) significant = 64;
            _trailing = 64 - _leading - significant;
            if (_trailing < 0) { _overrun = true; _trailing = 0; return; }
        }
        int n = 64 - _leading - _trailing;
        ulong bits = ReadBits(n);
        _vBits ^= bits << _trailing;
    }

    private static long SignExtend(ulong v, int bits) => (long)(v << (64 - bits)) >> (64 - bits);

    private static long UnZigZag(ulong v) => (long)(v >> 1) ^ -(long)(v & 1);

    private ulong ReadVarint()
    {
        // Varints are written byte-aligned only at the start of the stream, but not necessarily byte-aligned
        // for the second sample, so read them through the bit reader.
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            ulong b = ReadBits(8);
            if (_overrun) return 0;
            result |= (b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        _overrun = true;
        return 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint ReadBit()
    {
        if (_bitPos >= _bitLimit) { _overrun = true; return 0; }
        uint bit = (uint)(Unsafe.Add(ref Start(), (nint)(_bitPos >> 3)) >> (7 - (int)(_bitPos & 7))) & 1;
        _bitPos++;
        return bit;
    }

    /// <summary>The next <paramref name="n"/> (0..64) bits, most significant first; 0 and the overrun flag past the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong ReadBits(int n)
    {
        if (_bitPos + n > _bitLimit) { _overrun = true; _bitPos = _bitLimit; return 0; }
        if (n == 0) return 0;
        if (n <= 56)
        {
            ulong r = Peek(n);
            _bitPos += n;
            return r;
        }
        ulong hi = Peek(32);
        _bitPos += 32;
        ulong lo = Peek(n - 32);
        _bitPos += n - 32;
        return (hi << (n - 32)) | lo;
    }

    /// <summary>
    /// The <paramref name="n"/> (1..56) bits at the bit position; the caller has checked they lie inside the chunk.
    /// One 8-byte load holds at least 57 bits from any bit offset within its first byte.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong Peek(int n)
    {
        long at = _bitPos >> 3;
        ref byte start = ref Start();
        ulong word;
        if (at + 8 <= _readable)
        {
            // In bounds (checked just above): reading bytes past the chunk but inside the array or mapping is
            // harmless, the shift below drops them.
            word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, (nint)at));
            if (BitConverter.IsLittleEndian) word = BinaryPrimitives.ReverseEndianness(word);
        }
        else
        {
            word = 0;
            long end = Math.Min(_readable, at + 8);
            for (long i = at, shift = 56; i < end; i++, shift -= 8) word |= (ulong)Unsafe.Add(ref start, (nint)i) << (int)shift;
        }
        return (word << (int)(_bitPos & 7)) >> (64 - n);
    }
}
