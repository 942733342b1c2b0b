using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Tsdb.Head;

/// <summary>
/// Queries the head over [mint, maxt]. Chunks are captured per series when its iterator is made; the querier
/// holds a lease on the head's chunk files until disposed, so chunks it read stay mapped.
/// </summary>
internal sealed class HeadQuerier(Head head, long mint, long maxt) : IQuerier
{
    private readonly HeadChunkFiles.Lease? _lease = head.ChunkFiles?.Acquire();

    public IEnumerable<Series> Select(bool sorted, IReadOnlyList<Matcher> matchers)
    {
        var series = MatchingSeries(head, mint, maxt, matchers);
        if (sorted) series.Sort(static (a, b) => Labels.Compare(a.Labels, b.Labels));
        foreach (var s in series) yield return new HeadSeries(head, s, mint, maxt);
    }

    /// <summary>Series matching the matchers that have data overlapping the range (in Prometheus's order of refs).</summary>
    internal static List<MemSeries> MatchingSeries(Head head, long mint, long maxt, IReadOnlyList<Matcher> matchers)
    {
        var postings = PostingsForMatchers.Select(new HeadIndexReader(head.Postings), matchers);
        var result = new List<MemSeries>();
        while (postings.Next())
        {
            var s = head.GetByRef(postings.At);
            if (s is null) continue;
            bool overlaps;
            long from, to;
            // A series with no samples (created by an appender that rolled back) is not returned.
            lock (s)
            {
                overlaps = s.MinTime != long.MaxValue && s.MinTime <= maxt && s.LastT >= mint;
                from = Math.Max(mint, s.MinTime);
                to = Math.Min(maxt, s.LastT);
            }
            // Nor is one whose samples in range are all deleted (as a block's querier does).
            if (overlaps && head.HasTombstones && Tombstones.Intervals.Covers([.. head.TombstonesFor(s.Ref)], from, to)) overlaps = false;
            if (overlaps) result.Add(s);
        }
        return result;
    }

    public IReadOnlyList<string> LabelNames(IReadOnlyList<Matcher> matchers)
    {
        if (matchers.Count == 0)
        {
            var names = head.Postings.LabelNames();
            names.Sort(StringComparer.Ordinal);
            return names;
        }
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in MatchingSeries(head, mint, maxt, matchers))
            foreach (var l in s.Labels.AsSpan()) set.Add(l.Name);
        var list = set.ToList();
        list.Sort(StringComparer.Ordinal);
        return list;
    }

    public IReadOnlyList<string> LabelValues(string name, IReadOnlyList<Matcher> matchers)
    {
        List<string> values;
        if (matchers.Count == 0) values = head.Postings.LabelValues(name);
        else
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in MatchingSeries(head, mint, maxt, matchers))
            {
                string v = s.Labels.Get(name);
                if (v.Length > 0) set.Add(v);
            }
            values = [.. set];
        }
        values.Sort(StringComparer.Ordinal);
        return values;
    }

    public void Dispose() => _lease?.Dispose();

    private sealed class HeadSeries(Head head, MemSeries series, long mint, long maxt) : Series
    {
        public override Labels Labels => series.Labels;

        public override SampleIterator Iterator(SampleIterator? reuse = null)
        {
            var chunks = new List<ChunkSnapshot>(4);
            ChunkSnapshot? outOfOrder;
            lock (series)
            {
                series.CollectChunks(mint, maxt, chunks, head.ChunkFiles);
                outOfOrder = series.OutOfOrderChunk(mint, maxt);
            }
            var deleted = head.TombstonesFor(series.Ref);
            var it = reuse as ChunkSeriesIterator ?? new ChunkSeriesIterator();
            it.Reset(chunks, mint, maxt, deleted);
            if (outOfOrder is null) return it;
            // Out-of-order samples overlap the in-order chunks: merge by time; in-order wins a tie.
            var ooo = new ChunkSeriesIterator();
            ooo.Reset([outOfOrder.Value], mint, maxt, deleted);
            return new MergedSeriesIterator([it, ooo]);
        }
    }
}
