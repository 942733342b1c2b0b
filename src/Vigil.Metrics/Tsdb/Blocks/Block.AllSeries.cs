using Vigil.Metrics.Tsdb.Chunks;
using Vigil.Metrics.Tsdb.Querying;
using Vigil.Metrics.Tsdb.Tombstones;

namespace Vigil.Metrics.Tsdb.Blocks;

internal sealed partial class Block
{
    /// <summary>
    /// Every series in label order with its chunks as XOR bytes, tombstoned samples removed (a chunk
    /// partly deleted is re-encoded without them, a wholly deleted one dropped, a series left empty
    /// skipped). Pages are read in file order without the shared cache, so compaction does not evict
    /// what queries use. Holds a reference while enumerating. A damaged page throws
    /// <see cref="CorruptBlockException"/>: compaction must fail, not silently drop data.
    /// </summary>
    public IEnumerable<BlockSeries> AllSeries()
    {
        if (!TryAcquire()) throw new ObjectDisposedException($"block {_meta.Id}");
        try
        {
            var tombstones = _tombstones;
            var metas = new List<ChunkMeta>();
            int pageIndex = -1;
            DecodedPage? page = null;
            SampleIterator? it = null;
            for (int s = 0; s < _index.SeriesCount; s++)
            {
                metas.Clear();
                long first = _index.SeriesChunks(s, metas);
                var deleted = tombstones.For(s);
                var chunks = new List<ChunkData>(metas.Count);
                for (int i = 0; i < metas.Count; i++)
                {
                    var meta = metas[i];
                    if (deleted.Length > 0 && Intervals.Covers(deleted, meta.MinT, meta.MaxT)) continue;
                    long ordinal = first + i;
                    int p = _chunks.PageOf(ordinal);
                    if (p != pageIndex)
                    {
                        if (!_chunks.TryGetPage(p, useCache: false, out page, out string? error))
                            throw new CorruptBlockException($"block {_meta.Id}: {ChunksFileWriter.FileName}: {error}");
                        pageIndex = p;
                    }
                    var data = page!.Chunk((int)(ordinal - _chunks.Page(p).FirstChunk));
                    if (deleted.Length > 0 && Intervals.Overlaps(deleted, meta.MinT, meta.MaxT))
                    {
                        var kept = new XorChunk();
                        long min = long.MaxValue, max = long.MinValue;
                        it = ChunkDecoder.Iterator((byte)ChunkEncoding.Xor, data, it);
                        while (it.Next() != ValueKind.None)
                        {
                            long t = it.AtT();
                            if (Intervals.Contains(deleted, t)) continue;
                            kept.Append(t, it.AtF());
                            min = Math.Min(min, t);
                            max = t;
                        }
                        if (kept.Count > 0) chunks.Add(new ChunkData(min, max, (byte)ChunkEncoding.Xor, kept.ToCompactArray()));
                        continue;
                    }
                    chunks.Add(new ChunkData(meta.MinT, meta.MaxT, (byte)ChunkEncoding.Xor, data));
                }
                if (chunks.Count > 0) yield return new BlockSeries(_index.SeriesLabels(s), chunks);
            }
        }
        finally
        {
            Release();
        }
    }
}
