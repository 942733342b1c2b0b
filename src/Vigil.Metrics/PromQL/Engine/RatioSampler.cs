using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using Vigil.Metrics.Model;

namespace Vigil.Metrics.PromQL.Engine;

/// <summary>
/// limit_ratio's deterministic choice of series (upstream HashRatioSampler): a series is kept when
/// hash(labels)/MaxUint64 is below the ratio (or, for a negative ratio, at or above 1 + ratio). The hash
/// is Prometheus's Labels.Hash — xxHash64 over name 0xFF value 0xFF … — so the same series are chosen.
/// </summary>
internal static class RatioSampler
{
    public static bool Add(double ratio, Labels metric)
    {
        double offset = Hash(metric) / (double)ulong.MaxValue;
        return (ratio >= 0 && offset < ratio) || (ratio < 0 && offset >= 1.0 + ratio);
    }

    /// <summary>Prometheus labels.Labels.Hash(): xxHash64 (seed 0) of the label pairs, each part followed by 0xFF.</summary>
    internal static ulong Hash(Labels labels)
    {
        int size = 0;
        foreach (var l in labels.AsSpan()) size += Encoding.UTF8.GetByteCount(l.Name) + Encoding.UTF8.GetByteCount(l.Value) + 2;
        byte[] rented = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        try
        {
            int pos = 0;
            foreach (var l in labels.AsSpan())
            {
                pos += Encoding.UTF8.GetBytes(l.Name, rented.AsSpan(pos));
                rented[pos++] = 0xFF;
                pos += Encoding.UTF8.GetBytes(l.Value, rented.AsSpan(pos));
                rented[pos++] = 0xFF;
            }
            return XxHash64(rented.AsSpan(0, pos));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private const ulong Prime1 = 11400714785074694791UL;
    private const ulong Prime2 = 14029467366897019727UL;
    private const ulong Prime3 = 1609587929392839161UL;
    private const ulong Prime4 = 9650029242287828579UL;
    private const ulong Prime5 = 2870177450012600261UL;

    /// <summary>xxHash64 with seed 0 (the algorithm of github.com/cespare/xxhash, which Prometheus uses).</summary>
    internal static ulong XxHash64(ReadOnlySpan<byte> data)
    {
        int n = data.Length;
        int p = 0;
        ulong h;
        if (n >= 32)
        {
            ulong v1 = unchecked(Prime1 + Prime2), v2 = Prime2, v3 = 0, v4 = unchecked(0 - Prime1);
            while (n - p >= 32)
            {
                v1 = Round(v1, BinaryPrimitives.ReadUInt64LittleEndian(data[p..]));
                v2 = Round(v2, BinaryPrimitives.ReadUInt64LittleEndian(data[(p + 8)..]));
                v3 = Round(v3, BinaryPrimitives.ReadUInt64LittleEndian(data[(p + 16)..]));
                v4 = Round(v4, BinaryPrimitives.ReadUInt64LittleEndian(data[(p + 24)..]));
                p += 32;
            }
            h = unchecked(BitOperations.RotateLeft(v1, 1) + BitOperations.RotateLeft(v2, 7) + BitOperations.RotateLeft(v3, 12) + BitOperations.RotateLeft(v4, 18));
            h = MergeRound(h, v1);
            h = MergeRound(h, v2);
            h = MergeRound(h, v3);
            h = MergeRound(h, v4);
        }
        else h = Prime5;
        unchecked
        {
            h += (ulong)n;
            while (p + 8 <= n)
            {
                ulong k1 = Round(0, BinaryPrimitives.ReadUInt64LittleEndian(data[p..]));
                h ^= k1;
                h = BitOperations.RotateLeft(h, 27) * Prime1 + Prime4;
                p += 8;
            }
            if (p + 4 <= n)
            {
                h ^= BinaryPrimitives.ReadUInt32LittleEndian(data[p..]) * Prime1;
                h = BitOperations.RotateLeft(h, 23) * Prime2 + Prime3;
                p += 4;
            }
            while (p < n)
            {
                h ^= data[p] * Prime5;
                h = BitOperations.RotateLeft(h, 11) * Prime1;
                p++;
            }
            h ^= h >> 33;
            h *= Prime2;
            h ^= h >> 29;
            h *= Prime3;
            h ^= h >> 32;
        }
        return h;
    }

    private static ulong Round(ulong acc, ulong input)
    {
        unchecked
        {
            acc += input * Prime2;
            acc = BitOperations.RotateLeft(acc, 31);
            acc *= Prime1;
        }
        return acc;
    }

    private static ulong MergeRound(ulong acc, ulong val)
    {
        unchecked
        {
            val = Round(0, val);
            acc ^= val;
            acc = acc * Prime1 + Prime4;
        }
        return acc;
    }
}
