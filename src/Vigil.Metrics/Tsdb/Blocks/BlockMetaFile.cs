using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vigil.Metrics.Tsdb.Blocks;

/// <summary>
/// Reads and writes <c>meta.json</c>. The JSON follows Prometheus's field names (ulid, minTime, maxTime,
/// stats, compaction, version) so operators and tools can read it, and ends with a
/// <c>"checksum"</c> member: the CRC-32C of the file with that member removed (exact bytes in
/// docs/formats/metrics-block.md). A flipped digit in a JSON number still parses; the checksum catches it.
/// </summary>
internal static class BlockMetaFile
{
    public const string FileName = "meta.json";
    private const string ChecksumPrefix = ",\"checksum\":\"";

    public static byte[] Serialize(BlockMeta meta)
    {
        var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("ulid", meta.Id);
            w.WriteNumber("minTime", meta.MinT);
            w.WriteNumber("maxTime", meta.MaxT);
            w.WriteStartObject("stats");
            w.WriteNumber("numSamples", meta.NumSamples);
            w.WriteNumber("numSeries", meta.NumSeries);
            w.WriteNumber("numChunks", meta.NumChunks);
            w.WriteEndObject();
            w.WriteStartObject("compaction");
            w.WriteNumber("level", meta.CompactionLevel);
            w.WriteStartArray("sources");
            foreach (var s in meta.Sources) w.WriteStringValue(s);
            w.WriteEndArray();
            w.WriteStartArray("parents");
            foreach (var p in meta.Parents) w.WriteStringValue(p);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteNumber("version", meta.Version);
            w.WriteEndObject();
        }
        byte[] body = stream.ToArray(); // ends with '}'
        uint crc = Crc32C.Compute(body);
        string tail = ChecksumPrefix + crc.ToString("x8", CultureInfo.InvariantCulture) + "\"}\n";
        var result = new byte[body.Length - 1 + tail.Length];
        body.AsSpan(0, body.Length - 1).CopyTo(result);
        Encoding.ASCII.GetBytes(tail, result.AsSpan(body.Length - 1));
        return result;
    }

    /// <summary>Parses and verifies; throws <see cref="InvalidDataException"/> with the reason.</summary>
    public static BlockMeta Parse(ReadOnlySpan<byte> file)
    {
        // Layout: <body without its closing '}'> ,"checksum":"xxxxxxxx"}\n
        if (file.Length == 0 || file[^1] != (byte)'\n') throw new InvalidDataException("truncated (no final newline)");
        file = file[..^1];
        int tailLength = ChecksumPrefix.Length + 8 + 2;
        if (file.Length < tailLength + 2) throw new InvalidDataException("too short");
        var tail = file[^tailLength..];
        if (!tail.StartsWith(Encoding.ASCII.GetBytes(ChecksumPrefix)) || tail[^2] != (byte)'"' || tail[^1] != (byte)'}')
            throw new InvalidDataException("missing checksum member at the end");
        uint stored = 0;
        foreach (byte c in tail.Slice(ChecksumPrefix.Length, 8))
        {
            // Lowercase only, as written: an uppercase digit is a flipped bit too.
            int digit = c is >= (byte)'0' and <= (byte)'9' ? c - '0' : c is >= (byte)'a' and <= (byte)'f' ? c - 'a' + 10 : -1;
            if (digit < 0) throw new InvalidDataException("checksum is not 8 lowercase hex digits");
            stored = (stored << 4) | (uint)digit;
        }
        var body = file[..^tailLength];
        uint crc = Crc32C.Append(Crc32C.Compute(body), "}"u8);
        if (crc != stored) throw new InvalidDataException($"checksum mismatch (stored {stored:x8}, computed {crc:x8})");

        try
        {
            using var doc = JsonDocument.Parse(file.ToArray());
            var root = doc.RootElement;
            var stats = root.GetProperty("stats");
            var compaction = root.GetProperty("compaction");
            var meta = new BlockMeta(
                root.GetProperty("ulid").GetString() ?? throw new InvalidDataException("ulid is null"),
                root.GetProperty("minTime").GetInt64(),
                root.GetProperty("maxTime").GetInt64(),
                stats.GetProperty("numSeries").GetInt64(),
                stats.GetProperty("numSamples").GetInt64(),
                stats.GetProperty("numChunks").GetInt64(),
                compaction.GetProperty("level").GetInt32(),
                Strings(compaction.GetProperty("parents")))
            {
                Sources = Strings(compaction.GetProperty("sources")),
                Version = root.GetProperty("version").GetInt32(),
            };
            if (meta.Version != 1) throw new InvalidDataException($"unsupported version {meta.Version}");
            if (meta.MaxT < meta.MinT) throw new InvalidDataException($"maxTime {meta.MaxT} before minTime {meta.MinT}");
            return meta;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException("malformed JSON: " + e.Message, e);
        }
    }

    private static string[] Strings(JsonElement array)
    {
        var result = new string[array.GetArrayLength()];
        int i = 0;
        foreach (var e in array.EnumerateArray()) result[i++] = e.GetString() ?? "";
        return result;
    }
}
