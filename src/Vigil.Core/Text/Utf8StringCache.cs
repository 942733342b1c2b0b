using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Vigil.Core.Text;

/// <summary>
/// Turns UTF-8 bytes into strings, returning the same string instance for bytes seen recently. Attribute
/// keys, span names and resource values repeat in almost every request, so a hit costs a hash and a
/// compare instead of an allocation. The table is direct-mapped with a fixed size: memory is bounded, a
/// high-cardinality value only evicts its slot, and a miss allocates no more than a plain decode would.
/// Thread-safe without locks: a slot holds an immutable string reference and racing writers just overwrite.
/// </summary>
public sealed class Utf8StringCache
{
    private readonly string?[] _slots;
    private readonly uint[]? _seen;
    private readonly int _mask;
    private readonly int _maxLength;

    /// <param name="capacity">Number of slots, rounded up to a power of two.</param>
    /// <param name="maxLength">Strings longer than this (in bytes) are decoded without caching.</param>
    /// <param name="admitOnSecondSighting">
    /// Cache a string only when its hash was the last one missed in its slot: a value seen once (a URL
    /// path with an id, a request id) then never evicts one that repeats. For value caches.
    /// </param>
    public Utf8StringCache(int capacity = 8192, int maxLength = 128, bool admitOnSecondSighting = false)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity));
        _slots = new string?[size];
        _seen = admitOnSecondSighting ? new uint[size] : null;
        _mask = size - 1;
        _maxLength = maxLength;
    }

    /// <summary>A process-wide cache for names (attribute keys, span and metric names, scope names).</summary>
    public static Utf8StringCache Names { get; } = new(16384, 128);

    /// <summary>
    /// A process-wide cache for attribute values (methods, routes, hosts, user agents). 256 bytes covers
    /// user-agent strings, which repeat on every span of a client.
    /// </summary>
    public static Utf8StringCache Values { get; } = new(32768, 256, admitOnSecondSighting: true);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }
        if (utf8.Length > _maxLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }
        return GetCached(utf8);
    }

    private string GetCached(ReadOnlySpan<byte> utf8)
    {
        uint hash = Hash(utf8);
        int slot = (int)hash & _mask;
        string? cached = _slots[slot];
        // Only ASCII strings are cached: for them byte length equals char length and the compare is exact.
        if (cached is not null && cached.Length == utf8.Length && Ascii.Equals(utf8, cached))
        {
            return cached;
        }
        string value = Encoding.UTF8.GetString(utf8);
        if (value.Length == utf8.Length)
        {
            if (_seen is null || _seen[slot] == hash)
            {
                _slots[slot] = value;
            }
            else
            {
                _seen[slot] = hash;
            }
        }
        return value;
    }

    /// <summary>A fast non-cryptographic hash (64-bit multiply-mix over 8-byte words).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint Hash(ReadOnlySpan<byte> data)
    {
        const ulong K = 0x9E3779B97F4A7C15UL;
        ulong h = (ulong)data.Length * K;
        ref byte start = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(data);
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            ulong w = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i));
            h = BitOperations.RotateLeft((h ^ w) * K, 29);
        }
        if (i < data.Length)
        {
            ulong w = 0;
            for (int shift = 0; i < data.Length; i++, shift += 8)
            {
                w |= (ulong)Unsafe.Add(ref start, i) << shift;
            }
            h = BitOperations.RotateLeft((h ^ w) * K, 29);
        }
        h ^= h >> 32;
        return (uint)h;
    }
}
