using System.Diagnostics;
using System.Text.Json;

namespace Vigil.TsdbCompare;

/// <summary>One persisted block as found on disk: its meta.json figures and its sizes.</summary>
internal sealed record BlockInfo(
    string Id,
    long MinTimeMs,
    long MaxTimeMs,
    long Samples,
    long Series,
    long Chunks,
    long ChunkBytes,
    long IndexBytes,
    long TotalBytes);

/// <summary>
/// Finds blocks in a TSDB directory. A block is a directory named by a 26-character ULID holding a
/// <c>meta.json</c>, in both Prometheus (tsdb/docs/format/README.md) and Vigil (docs/formats/metrics-block.md).
/// Both write into a temporary name (<c>&lt;ulid&gt;.tmp-for-creation</c>, <c>&lt;ulid&gt;.tmp</c>) and rename when
/// complete, so a ULID-named directory is a finished block. Both meta.json files carry <c>minTime</c>,
/// <c>maxTime</c> and <c>stats.numSamples/numSeries/numChunks</c>; sizes are summed from the files.
/// </summary>
internal static class BlockInspector
{
    public static IReadOnlyList<BlockInfo> List(string directory)
    {
        var blocks = new List<BlockInfo>();
        if (!Directory.Exists(directory))
        {
            return blocks;
        }
        foreach (string dir in Directory.GetDirectories(directory))
        {
            string id = Path.GetFileName(dir);
            string meta = Path.Combine(dir, "meta.json");
            if (id.Length != 26 || !File.Exists(meta))
            {
                continue;
            }
            BlockInfo? block = TryRead(dir, id, meta);
            if (block is not null)
            {
                blocks.Add(block);
            }
        }
        blocks.Sort((a, b) => a.MinTimeMs.CompareTo(b.MinTimeMs));
        return blocks;
    }

    /// <summary>
    /// Polls until a block overlapping [<paramref name="minMs"/>, <paramref name="maxMs"/>) exists; null at the
    /// deadline. Overlap, not containment: Prometheus's head block records the head's first sample time as
    /// its minTime, not the range start.
    /// </summary>
    public static async Task<BlockInfo?> WaitForBlockAsync(string directory, long minMs, long maxMs, TimeSpan timeout, Func<bool> serverAlive)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout && serverAlive())
        {
            foreach (var block in List(directory))
            {
                if (block.MinTimeMs < maxMs && block.MaxTimeMs > minMs)
                {
                    return block;
                }
            }
            await Task.Delay(500);
        }
        return null;
    }

    public static long DirectoryBytes(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }
        long total = 0;
        foreach (string file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            try
            {
                total += new FileInfo(file).Length;
            }
            catch (FileNotFoundException)
            {
                // Removed while we looked (a WAL segment truncated): it no longer counts.
            }
        }
        return total;
    }

    /// <summary>Prometheus's <c>chunks/</c> is a directory of segment files; Vigil's <c>chunks</c> is one file (docs/formats/metrics-block.md).</summary>
    private static long FileOrDirectoryBytes(string path) => File.Exists(path) ? new FileInfo(path).Length : DirectoryBytes(path);

    private static BlockInfo? TryRead(string dir, string id, string metaPath)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(metaPath));
            var root = doc.RootElement;
            long Stat(string name) =>
                root.TryGetProperty("stats", out var stats) && stats.TryGetProperty(name, out var v) ? v.GetInt64() : -1;
            string index = Path.Combine(dir, "index");
            return new BlockInfo(
                id,
                root.GetProperty("minTime").GetInt64(),
                root.GetProperty("maxTime").GetInt64(),
                Stat("numSamples"),
                Stat("numSeries"),
                Stat("numChunks"),
                FileOrDirectoryBytes(Path.Combine(dir, "chunks")),
                File.Exists(index) ? new FileInfo(index).Length : 0,
                DirectoryBytes(dir));
        }
        catch (Exception e) when (e is JsonException or IOException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
