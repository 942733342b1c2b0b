namespace Vigil.Metrics.Tsdb.Blocks;

/// <summary>
/// Finds block directories under the blocks directory (names that are ULIDs) and removes what an
/// interrupted write or delete left behind (<c>&lt;ULID&gt;.tmp</c>, <c>&lt;ULID&gt;.tmp-for-deletion</c>),
/// as Prometheus's <c>removeBestEffortTmpDirs</c> does at open.
/// </summary>
internal static class BlockDirectories
{
    public const string DeletionSuffix = ".tmp-for-deletion";

    /// <summary>Block directories sorted by name (creation time); leftovers deleted first when asked.</summary>
    public static List<string> Find(string blocksDir, bool removeLeftovers = true)
    {
        var result = new List<string>();
        if (!Directory.Exists(blocksDir)) return result;
        foreach (var dir in Directory.EnumerateDirectories(blocksDir))
        {
            string name = Path.GetFileName(dir);
            if (Ulid.IsValid(name)) { result.Add(dir); continue; }
            if (!removeLeftovers) continue;
            string stem = name.EndsWith(DeletionSuffix, StringComparison.Ordinal) ? name[..^DeletionSuffix.Length]
                : name.EndsWith(BlockWriter.TmpSuffix, StringComparison.Ordinal) ? name[..^BlockWriter.TmpSuffix.Length] : "";
            if (Ulid.IsValid(stem)) Directory.Delete(dir, recursive: true);
        }
        result.Sort(StringComparer.Ordinal);
        return result;
    }
}
