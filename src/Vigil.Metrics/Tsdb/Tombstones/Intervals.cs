namespace Vigil.Metrics.Tsdb.Tombstones;

/// <summary>
/// Deleted time ranges of one series: sorted, non-overlapping, non-adjacent [MinT, MaxT] pairs, both
/// inclusive (Prometheus <c>tombstones.Intervals</c>). Arrays are never mutated once published.
/// </summary>
internal static class Intervals
{
    /// <summary>A new array: <paramref name="existing"/> with <paramref name="add"/> merged in.</summary>
    public static (long MinT, long MaxT)[] Add((long MinT, long MaxT)[] existing, (long MinT, long MaxT) add)
    {
        var result = new List<(long MinT, long MaxT)>(existing.Length + 1);
        int i = 0;
        // Before the new interval and not touching it (written to avoid overflow at the long range ends).
        while (i < existing.Length && existing[i].MaxT < add.MinT && existing[i].MaxT + 1 < add.MinT) result.Add(existing[i++]);
        // Overlapping or adjacent: absorbed.
        while (i < existing.Length && (existing[i].MinT <= add.MaxT || add.MaxT + 1 == existing[i].MinT))
        {
            add = (Math.Min(add.MinT, existing[i].MinT), Math.Max(add.MaxT, existing[i].MaxT));
            i++;
        }
        result.Add(add);
        while (i < existing.Length) result.Add(existing[i++]);
        return [.. result];
    }

    public static bool Contains(ReadOnlySpan<(long MinT, long MaxT)> intervals, long t)
    {
        foreach (var (min, max) in intervals)
        {
            if (t < min) return false;
            if (t <= max) return true;
        }
        return false;
    }

    /// <summary>Whether [mint, maxt] lies entirely inside one deleted interval.</summary>
    public static bool Covers(ReadOnlySpan<(long MinT, long MaxT)> intervals, long mint, long maxt)
    {
        foreach (var (min, max) in intervals)
            if (min <= mint && maxt <= max) return true;
        return false;
    }

    public static bool Overlaps(ReadOnlySpan<(long MinT, long MaxT)> intervals, long mint, long maxt)
    {
        foreach (var (min, max) in intervals)
            if (min <= maxt && mint <= max) return true;
        return false;
    }
}
