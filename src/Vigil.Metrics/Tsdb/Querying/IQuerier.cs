using Vigil.Metrics.Model;

namespace Vigil.Metrics.Tsdb.Querying;

/// <summary>
/// Read access to the TSDB over [mint, maxt] in milliseconds, both inclusive (Prometheus
/// <c>storage.Querier</c>). A querier sees the blocks that existed when it was opened and keeps them
/// from being deleted until it is disposed. Safe to use from one thread at a time.
/// </summary>
public interface IQuerier : IDisposable
{
    /// <summary>
    /// Series matching all matchers (at least one matcher must not match the empty string, as in
    /// Prometheus). Sorted by labels when <paramref name="sorted"/>. Samples of a series are merged across
    /// head and blocks, deduplicated by timestamp, and limited to the querier's range.
    /// </summary>
    IEnumerable<Series> Select(bool sorted, IReadOnlyList<Matcher> matchers);

    /// <summary>Sorted label names of series matching the matchers (all series when none).</summary>
    IReadOnlyList<string> LabelNames(IReadOnlyList<Matcher> matchers);

    /// <summary>Sorted values of <paramref name="name"/> over series matching the matchers.</summary>
    IReadOnlyList<string> LabelValues(string name, IReadOnlyList<Matcher> matchers);
}

/// <summary>Opens queriers; the TSDB implements it.</summary>
public interface IQueryable
{
    IQuerier Querier(long mint, long maxt);
}
