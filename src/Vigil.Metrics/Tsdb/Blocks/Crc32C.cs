using System.Buffers.Binary;
using System.Numerics;

namespace Vigil.Metrics.Tsdb.Blocks;

/// <summary>
/// CRC-32C (Castagnoli), the checksum Prometheus puts on every index section, chunk and tombstone file.
/// <see cref="BitOperations.Crc32C(uint, ulong)"/> uses the CPU's CRC instruction (SSE4.2, ARMv8) when
/// present and a table otherwise. Initial value and final XOR are 0xFFFFFFFF, so results match the
/// standard test vector (<c>"123456789"</c> → <c>0xE3069283</c>).
/// </summary>
internal static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Extends a finished checksum <paramref name="crc"/> with more bytes (crc of a ‖ b from crc of a).</summary>
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
