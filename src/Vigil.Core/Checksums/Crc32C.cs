using System.Buffers.Binary;
using System.Numerics;

namespace Vigil.Core.Checksums;

/// <summary>
/// CRC-32C (Castagnoli), the checksum Prometheus uses for its WAL records and index sections. Computed
/// with the CPU's CRC32 instruction through <see cref="BitOperations.Crc32C(uint, ulong)"/>, 8 bytes at a time.
/// </summary>
public static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Continues a checksum over more data (<c>Append(Append(0, a), b) == Compute(a + b)</c>).</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        uint c = ~crc;
        while (data.Length >= 8)
        {
            c = BitOperations.Crc32C(c, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (byte b in data) c = BitOperations.Crc32C(c, b);
        return ~c;
    }
}
