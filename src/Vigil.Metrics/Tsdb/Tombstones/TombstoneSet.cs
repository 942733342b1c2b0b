namespace Vigil.Metrics.Tsdb.Tombstones;

/// <summary>
/// Deleted intervals per series ordinal of one block (Prometheus <c>tombstones.Reader</c>). Immutable:
/// a delete builds a new set and the block swaps it in, so a querier keeps the set it started with.
/// </summary>
internal sealed class TombstoneSet
{
    private readonly Dictionary<int, (long MinT, long MaxT)[]> _bySeries;

    public static TombstoneSet Empty { get; } = new([]);

    public TombstoneSet(Dictionary<int, (long MinT, long MaxT)[]> bySeries) => _bySeries = bySeries;

    /// <summary>Series with at least one deleted interval (Prometheus's NumTombstones counts these).</summary>
    public int Count => _bySeries.Count;

    public bool IsEmpty => _bySeries.Count == 0;

    /// <summary>The deleted intervals of <paramref name="series"/>, or an empty array.</summary>
    public (long MinT, long MaxT)[] For(int series) => _bySeries.TryGetValue(series, out var iv) ? iv : [];

    public IEnumerable<KeyValuePair<int, (long MinT, long MaxT)[]>> Entries => _bySeries;

    /// <summary>A new set with [mint, maxt] deleted from each of <paramref name="series"/>.</summary>
    public TombstoneSet With(IEnumerable<int> series, long mint, long maxt)
    {
        var copy = new Dictionary<int, (long MinT, long MaxT)[]>(_bySeries);
        foreach (int s in series) copy[s] = Intervals.Add(For(s), (mint, maxt));
        return new TombstoneSet(copy);
    }
}
