using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Head;
using Vigil.Metrics.Tsdb.Querying;
using Vigil.Metrics.Tsdb.Tombstones;

namespace Vigil.Metrics.Tsdb.Blocks;

/// <summary>
/// Queries one block over [mint, maxt] (Prometheus <c>blockQuerier</c>). Series come out in label order
/// for free (ordinals follow label order), so <c>sorted</c> costs nothing. A series is returned when it
/// has a chunk in range that tombstones do not wholly cover; its chunk pages are read only when its
/// iterator is made. Holds a reference on the block until disposed. One thread at a time, like every querier.
/// </summary>
internal sealed class BlockQuerier(Block block, long mint, long maxt) : IQuerier
{
    private readonly TombstoneSet _tombstones = block.Tombstones;
    private int _disposed;

    private long MinT => mint;
    private long MaxT => maxt;

    public IEnumerable<Series> Select(bool sorted, IReadOnlyList<Matcher> matchers)
    {
        var postings = PostingsForMatchers.Select(block.Index, matchers);
        var metas = new List<ChunkMeta>();
        while (postings.Next())
        {
            int ordinal = (int)postings.At;
            metas.Clear();
            long first = block.Index.SeriesChunks(ordinal, metas);
            var deleted = _tombstones.For(ordinal);
            List<(long Ordinal, ChunkMeta Meta)>? selected = null;
            for (int i = 0; i < metas.Count; i++)
            {
                var c = metas[i];
                if (c.MaxT < mint || c.MinT > maxt) continue;
                if (deleted.Length > 0 && Intervals.Covers(deleted, c.MinT, c.MaxT)) continue;
                (selected ??= []).Add((first + i, c));
            }
            if (selected is null) continue;
            yield return new BlockSeriesView(this, block.Index.SeriesLabels(ordinal), selected, deleted);
        }
    }

    public IReadOnlyList<string> LabelNames(IReadOnlyList<Matcher> matchers)
    {
        if (matchers.Count == 0) return block.Index.LabelNames;
        var set = new SortedSet<string>(StringComparer.Ordinal);
        var postings = PostingsForMatchers.Select(block.Index, matchers);
        while (postings.Next())
            foreach (var l in block.Index.SeriesLabels((int)postings.At).AsSpan()) set.Add(l.Name);
        return [.. set];
    }

    /// <summary>
    /// Without matchers, the label table's sorted values. With matchers, as Prometheus's
    /// <c>labelValuesWithMatchers</c>: each value's postings intersected with the matching series, or,
    /// when there are more values than matching series, the matching series' labels read instead.
    /// </summary>
    public IReadOnlyList<string> LabelValues(string name, IReadOnlyList<Matcher> matchers)
    {
        var all = block.Index.LabelValues(name);
        if (matchers.Count == 0 || all.Count == 0) return all;
        var matching = Index.PostingsOps.ToList(PostingsForMatchers.Select(block.Index, matchers));
        if (matching.Count == 0) return [];
        if (all.Count > matching.Count)
        {
            var set = new SortedSet<string>(StringComparer.Ordinal);
            foreach (ulong ordinal in matching)
            {
                string v = block.Index.SeriesLabels((int)ordinal).Get(name);
                if (v.Length > 0) set.Add(v);
            }
            return [.. set];
        }
        var refs = matching.ToArray();
        var result = new List<string>();
        foreach (string value in all)
        {
            var both = Index.PostingsOps.Intersect([block.Index.Postings(name, value), new Index.ListPostings(refs)]);
            if (both.Next()) result.Add(value);
        }
        return result;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) block.Release();
    }

    /// <summary>Builds the chunk list of one series from its pages (cached); a damaged page becomes an erroring chunk.</summary>
    private List<ChunkSnapshot> Snapshots(List<(long Ordinal, ChunkMeta Meta)> chunks)
    {
        var result = new List<ChunkSnapshot>(chunks.Count);
        var reader = block.Chunks;
        int pageIndex = -1;
        DecodedPage? page = null;
        string? error = null;
        foreach (var (ordinal, meta) in chunks)
        {
            int p = reader.PageOf(ordinal);
            if (p != pageIndex)
            {
                pageIndex = p;
                if (!reader.TryGetPage(p, useCache: true, out page, out error)) page = null;
            }
            if (page is null)
            {
                result.Add(new ChunkSnapshot(meta.MinT, meta.MaxT, 0, default, new FailedIterator($"block {block.Meta.Id}: {error}")));
                break; // the rest of the series is unreadable too, as far as this query is concerned
            }
            int inPage = (int)(ordinal - reader.Page(p).FirstChunk);
            result.Add(new ChunkSnapshot(meta.MinT, meta.MaxT, (byte)Chunks.ChunkEncoding.Xor, page.Chunk(inPage), null));
        }
        return result;
    }

    private sealed class BlockSeriesView(BlockQuerier owner, Labels labels, List<(long Ordinal, ChunkMeta Meta)> chunks, (long MinT, long MaxT)[] deleted) : Series
    {
        public override Labels Labels => labels;

        public override SampleIterator Iterator(SampleIterator? reuse = null)
        {
            var it = reuse as ChunkSeriesIterator ?? new ChunkSeriesIterator();
            it.Reset(owner.Snapshots(chunks), owner.MinT, owner.MaxT, deleted.Length == 0 ? null : deleted);
            return it;
        }
    }

    /// <summary>An iterator that reports a read error at once (a damaged chunk page).</summary>
    private sealed class FailedIterator(string error) : SampleIterator
    {
        public override ValueKind Next() => ValueKind.None;
        public override ValueKind Seek(long t) => ValueKind.None;
        public override ValueKind Current => ValueKind.None;
        public override long AtT() => 0;
        public override double AtF() => 0;
        public override string? Error => error;
    }
}
