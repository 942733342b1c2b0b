using System.Buffers.Binary;
using System.Globalization;

namespace Vigil.Metrics.Tsdb.Wal;

/// <summary>
/// Naming and framing of WAL segment files: <c>wal/00000012</c> (8 decimal digits, as Prometheus names
/// them) and checkpoints <c>wal/checkpoint.00000011/</c> holding segments of their own. A segment starts
/// with an 8-byte header (<c>VWAL</c>, version 1, 3 zero bytes); each record is framed as
/// [u32 LE body length][u32 LE CRC-32C of the body][body]. Layout: docs/formats/metrics-wal.md.
/// </summary>
internal static class WalSegments
{
    public const int HeaderSize = 8;
    public const int FrameHeaderSize = 8;
    public const byte Version = 1;

    /// <summary>Largest record body accepted at replay; bigger lengths mean a corrupt frame.</summary>
    public const int MaxRecordSize = 64 << 20;

    public static ReadOnlySpan<byte> Magic => "VWAL"u8;

    public static string SegmentName(int index) => index.ToString("D8", CultureInfo.InvariantCulture);

    public static void WriteHeader(Span<byte> into)
    {
        Magic.CopyTo(into);
        into[4] = Version;
        into[5] = into[6] = into[7] = 0;
    }

    public static bool IsHeader(ReadOnlySpan<byte> data) =>
        data.Length >= HeaderSize && data[..4].SequenceEqual(Magic) && data[4] == Version;

    /// <summary>Segment indexes present in <paramref name="dir"/>, ascending.</summary>
    public static List<int> List(string dir)
    {
        var result = new List<int>();
        if (!Directory.Exists(dir)) return result;
        foreach (var path in Directory.EnumerateFiles(dir))
        {
            var name = Path.GetFileName(path);
            if (name.Length == 8 && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int index)) result.Add(index);
        }
        result.Sort();
        return result;
    }

    /// <summary>The newest complete checkpoint directory and the last segment it covers, or null.</summary>
    public static (string Dir, int Index)? LastCheckpoint(string walDir)
    {
        (string, int)? best = null;
        if (!Directory.Exists(walDir)) return null;
        foreach (var path in Directory.EnumerateDirectories(walDir, "checkpoint.*"))
        {
            var name = Path.GetFileName(path);
            if (name.EndsWith(".tmp", StringComparison.Ordinal)) continue;
            if (int.TryParse(name.AsSpan("checkpoint.".Length), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                && (best is null || index > best.Value.Item2))
                best = (path, index);
        }
        return best;
    }

    /// <summary>Fills the frame header reserved at the start of <paramref name="frame"/> for the body after it.</summary>
    public static void SealFrame(Span<byte> frame)
    {
        var body = frame[FrameHeaderSize..];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[4..], Core.Checksums.Crc32C.Compute(body));
    }
}
