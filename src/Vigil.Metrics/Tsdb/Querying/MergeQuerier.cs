using Vigil.Metrics.Model;

namespace Vigil.Metrics.Tsdb.Querying;

/// <summary>
/// Queries several sources (blocks and the head) as one: series are merged by label set in sorted
/// order, and the samples of a series present in several sources are merged by timestamp
/// (Prometheus's mergeGenericQuerier). Disposing disposes every source.
/// </summary>
internal sealed class MergeQuerier(IReadOnlyList<IQuerier> sources) : IQuerier
{
    public IEnumerable<Series> Select(bool sorted, IReadOnlyList<Matcher> matchers)
    {
        if (sources.Count == 1) return sources[0].Select(sorted, matchers);
        return Merge(matchers);
    }

    private IEnumerable<Series> Merge(IReadOnlyList<Matcher> matchers)
    {
        // Merging needs every source sorted; the result then is sorted too.
        var cursors = new List<IEnumerator<Series>>(sources.Count);
        foreach (var source in sources)
        {
            var e = source.Select(sorted: true, matchers).GetEnumerator();
            if (e.MoveNext()) cursors.Add(e);
            else e.Dispose();
        }
        var same = new List<Series>(sources.Count);
        while (cursors.Count > 0)
        {
            Labels? min = null;
            foreach (var c in cursors)
                if (min is null || Labels.Compare(c.Current.Labels, min) < 0) min = c.Current.Labels;
            same.Clear();
            for (int i = cursors.Count - 1; i >= 0; i--)
            {
                if (!cursors[i].Current.Labels.Equals(min)) continue;
                same.Add(cursors[i].Current);
                if (!cursors[i].MoveNext())
                {
                    cursors[i].Dispose();
                    cursors.RemoveAt(i);
                }
            }
            same.Reverse(); // keep source order: blocks (older) before the head
            yield return same.Count == 1 ? same[0] : new MergedSeries([.. same]);
        }
    }

    public IReadOnlyList<string> LabelNames(IReadOnlyList<Matcher> matchers) =>
        Union(sources.Select(s => s.LabelNames(matchers)));

    public IReadOnlyList<string> LabelValues(string name, IReadOnlyList<Matcher> matchers) =>
        Union(sources.Select(s => s.LabelValues(name, matchers)));

    private static List<string> Union(IEnumerable<IReadOnlyList<string>> lists)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var list in lists) set.UnionWith(list);
        return [.. set];
    }

    public void Dispose()
    {
        foreach (var source in sources) source.Dispose();
    }

    private sealed class MergedSeries(Series[] parts) : Series
    {
        public override Labels Labels => parts[0].Labels;

        public override SampleIterator Iterator(SampleIterator? reuse = null)
        {
            var iterators = new SampleIterator[parts.Length];
            for (int i = 0; i < parts.Length; i++) iterators[i] = parts[i].Iterator();
            return new MergedSeriesIterator(iterators);
        }
    }
}
