using Vigil.Metrics.Tsdb.Blocks;

namespace Vigil.Metrics.Tsdb.Compaction;

/// <summary>
/// Which blocks retention removes (Prometheus <c>tsdb/db.go</c>, <c>BeyondTimeRetention</c> and
/// <c>BeyondSizeRetention</c>). Blocks are taken newest first by MaxT. Time: once a block's MaxT is
/// at least the retention behind the newest block's MaxT, it and every older block go (time is measured
/// against the data, not the wall clock). Size: the head and WAL (<c>extraBytes</c>, passed in by the DB)
/// count first, then blocks from newest to oldest; from the first block that pushes the total over the
/// limit, it and every older block go. Returns block ids; 0 disables either rule.
/// </summary>
internal static class Retention
{
    /// <summary>A block as retention sees it.</summary>
    internal readonly record struct Candidate(string Id, long MaxT, long SizeBytes);

    public static IReadOnlySet<string> BeyondTime(IEnumerable<Block> blocks, long retentionMs) =>
        BeyondTime(blocks.Select(b => new Candidate(b.Meta.Id, b.Meta.MaxT, b.SizeBytes)), retentionMs);

    public static IReadOnlySet<string> BeyondSize(IEnumerable<Block> blocks, long maxBytes, long extraBytes) =>
        BeyondSize(blocks.Select(b => new Candidate(b.Meta.Id, b.Meta.MaxT, b.SizeBytes)), maxBytes, extraBytes);

    public static IReadOnlySet<string> BeyondTime(IEnumerable<Candidate> blocks, long retentionMs)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        if (retentionMs <= 0) return result;
        var newestFirst = NewestFirst(blocks);
        for (int i = 1; i < newestFirst.Count; i++)
        {
            if (newestFirst[0].MaxT - newestFirst[i].MaxT < retentionMs) continue;
            for (int j = i; j < newestFirst.Count; j++) result.Add(newestFirst[j].Id);
            break;
        }
        return result;
    }

    public static IReadOnlySet<string> BeyondSize(IEnumerable<Candidate> blocks, long maxBytes, long extraBytes)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        if (maxBytes <= 0) return result;
        var newestFirst = NewestFirst(blocks);
        long total = extraBytes;
        for (int i = 0; i < newestFirst.Count; i++)
        {
            total += newestFirst[i].SizeBytes;
            if (total <= maxBytes) continue;
            for (int j = i; j < newestFirst.Count; j++) result.Add(newestFirst[j].Id);
            break;
        }
        return result;
    }

    private static List<Candidate> NewestFirst(IEnumerable<Candidate> blocks)
    {
        var list = blocks.ToList();
        list.Sort((a, b) => b.MaxT.CompareTo(a.MaxT));
        return list;
    }
}
