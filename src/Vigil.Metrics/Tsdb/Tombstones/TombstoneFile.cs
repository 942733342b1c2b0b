using System.Buffers.Binary;
using Vigil.Metrics.Tsdb.Blocks;

namespace Vigil.Metrics.Tsdb.Tombstones;

/// <summary>
/// The <c>tombstones</c> file of a block (layout in docs/formats/metrics-block.md): a header, entries
/// (series ordinal and its deleted intervals) in ordinal order, and a CRC-32C of everything before it.
/// Rewritten whole on every delete through a temporary file, fsync and rename, so a crash leaves the old
/// or the new file, never a torn one (Prometheus's <c>tombstones.WriteFile</c> does the same).
/// </summary>
internal static class TombstoneFile
{
    public const string FileName = "tombstones";
    public static ReadOnlySpan<byte> Magic => "VGTS"u8;
    public const byte Version = 1;

    public static byte[] Serialize(TombstoneSet set)
    {
        var buffer = new BlockBuffer(64);
        buffer.Write(Magic);
        buffer.WriteByte(Version);
        buffer.Write([0, 0, 0]);
        var entries = set.Entries.OrderBy(e => e.Key).ToList();
        buffer.WriteVarint((ulong)entries.Count);
        foreach (var (series, intervals) in entries)
        {
            buffer.WriteVarint((ulong)series);
            buffer.WriteVarint((ulong)intervals.Length);
            long prev = 0;
            foreach (var (min, max) in intervals)
            {
                buffer.WriteZigZag(min - prev);
                buffer.WriteVarint((ulong)(max - min));
                prev = max;
            }
        }
        buffer.WriteUInt32(Crc32C.Compute(buffer.Span));
        return buffer.Span.ToArray();
    }

    /// <summary>Parses and verifies; throws <see cref="InvalidDataException"/> with the reason.</summary>
    public static TombstoneSet Parse(ReadOnlySpan<byte> file, int seriesCount)
    {
        if (file.Length < 8 + 1 + 4) throw new InvalidDataException($"file too short ({file.Length} bytes)");
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(file[^4..]);
        uint crc = Crc32C.Compute(file[..^4]);
        if (stored != crc) throw new InvalidDataException($"checksum mismatch (stored {stored:x8}, computed {crc:x8})");
        if (!file[..4].SequenceEqual(Magic)) throw new InvalidDataException("bad magic");
        if (file[4] != Version) throw new InvalidDataException($"unsupported version {file[4]}");
        var r = new SpanReader(file[8..^4]);
        int count = r.ReadCount(seriesCount, "entry count");
        var map = new Dictionary<int, (long, long)[]>(count);
        int last = -1;
        for (int i = 0; i < count; i++)
        {
            int series = r.ReadCount(seriesCount - 1L, "series ordinal");
            if (series <= last) throw new InvalidDataException("entries not sorted by series");
            last = series;
            int n = r.ReadCount(r.Remaining, "interval count");
            var intervals = new (long, long)[n];
            long prev = 0;
            for (int j = 0; j < n; j++)
            {
                long min = prev + r.ReadZigZag();
                long max = min + (long)r.ReadVarint();
                if (max < min || (j > 0 && min <= prev)) throw new InvalidDataException($"intervals of series {series} overlap or are unsorted");
                intervals[j] = (min, max);
                prev = max;
            }
            map[series] = intervals;
        }
        if (!r.End) throw new InvalidDataException($"{r.Remaining} stray bytes");
        return new TombstoneSet(map);
    }

    /// <summary>Writes the file durably: temp file, fsync, rename over, fsync the directory.</summary>
    public static void Write(string blockDir, TombstoneSet set) =>
        DurableFile.WriteAtomically(Path.Combine(blockDir, FileName), Serialize(set));
}
