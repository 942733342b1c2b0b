using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Blocks;
using Vigil.Metrics.Tsdb.Chunks;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Tsdb.Compaction;

/// <summary>
/// Merges several sorted series streams (one per block, oldest block first) into one sorted stream, a
/// series present in several blocks becoming one (Prometheus <c>storage.NewMergeChunkSeriesSet</c> with
/// the compacting merger). Chunks that do not overlap are passed through untouched; overlapping ones
/// are decoded, merged by timestamp — for a timestamp in several blocks the oldest block's sample wins,
/// as <see cref="MergedSeriesIterator"/> answers queries — and re-cut into chunks of
/// <see cref="SamplesPerChunk"/> samples.
/// </summary>
internal static class SeriesMerger
{
    /// <summary>Prometheus's chunk size target (samples per XOR chunk).</summary>
    public const int SamplesPerChunk = 120;

    public static IEnumerable<BlockSeries> Merge(IReadOnlyList<IEnumerable<BlockSeries>> sources)
    {
        var cursors = new List<(int Source, IEnumerator<BlockSeries> It)>(sources.Count);
        try
        {
            for (int i = 0; i < sources.Count; i++)
            {
                var e = sources[i].GetEnumerator();
                if (e.MoveNext()) cursors.Add((i, e));
                else e.Dispose();
            }
            var same = new List<BlockSeries>(sources.Count);
            while (cursors.Count > 0)
            {
                Labels min = cursors[0].It.Current.Labels;
                foreach (var c in cursors)
                    if (Labels.Compare(c.It.Current.Labels, min) < 0) min = c.It.Current.Labels;
                same.Clear();
                // cursors stay in source order, so 'same' is oldest block first.
                for (int i = 0; i < cursors.Count; i++)
                {
                    var c = cursors[i];
                    if (Labels.Compare(c.It.Current.Labels, min) != 0) continue;
                    same.Add(c.It.Current);
                    if (!c.It.MoveNext())
                    {
                        c.It.Dispose();
                        cursors.RemoveAt(i--);
                    }
                }
                yield return same.Count == 1 ? same[0] : new BlockSeries(min, MergeChunks(same));
            }
        }
        finally
        {
            foreach (var c in cursors) c.It.Dispose();
        }
    }

    /// <summary>The chunks of one series from several blocks, merged in time.</summary>
    internal static IReadOnlyList<ChunkData> MergeChunks(List<BlockSeries> parts)
    {
        var all = new List<(ChunkData Chunk, int Source)>();
        for (int i = 0; i < parts.Count; i++)
            foreach (var c in parts[i].Chunks) all.Add((c, i));
        all.Sort((a, b) => a.Chunk.MinT != b.Chunk.MinT ? a.Chunk.MinT.CompareTo(b.Chunk.MinT) : a.Source.CompareTo(b.Source));
        bool overlap = false;
        for (int i = 1; i < all.Count && !overlap; i++) overlap = all[i].Chunk.MinT <= all[i - 1].Chunk.MaxT;
        if (!overlap) return all.ConvertAll(x => x.Chunk);

        // Overlapping chunks: merge samples. Per source the chunks are in order, so a k-way merge by time works.
        var samples = new SortedDictionary<long, (int Source, double V)>();
        SampleIterator? it = null;
        foreach (var (chunk, source) in all)
        {
            it = ChunkDecoder.Iterator(chunk.Encoding, chunk.Data, it);
            while (it.Next() != ValueKind.None)
            {
                long t = it.AtT();
                if (samples.TryGetValue(t, out var existing) && existing.Source <= source) continue;
                samples[t] = (source, it.AtF());
            }
            if (it.Error is { } error) throw new InvalidDataException($"merging chunk [{chunk.MinT}, {chunk.MaxT}]: {error}");
        }
        var result = new List<ChunkData>(samples.Count / SamplesPerChunk + 1);
        XorChunk? current = null;
        long minT = 0, maxT = 0;
        foreach (var (t, (_, v)) in samples)
        {
            if (current is null) { current = new XorChunk(); minT = t; }
            current.Append(t, v);
            maxT = t;
            if (current.Count == SamplesPerChunk)
            {
                result.Add(new ChunkData(minT, maxT, (byte)ChunkEncoding.Xor, current.ToCompactArray()));
                current = null;
            }
        }
        if (current is not null) result.Add(new ChunkData(minT, maxT, (byte)ChunkEncoding.Xor, current.ToCompactArray()));
        return result;
    }
}
