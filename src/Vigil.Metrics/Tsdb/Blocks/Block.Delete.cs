using Vigil.Metrics.Tsdb.Querying;
using Vigil.Metrics.Tsdb.Tombstones;

namespace Vigil.Metrics.Tsdb.Blocks;

internal sealed partial class Block
{
    private readonly Lock _deleteLock = new();

    /// <summary>
    /// Deletes [mint, maxt] (both inclusive) from the series matching <paramref name="matchers"/>
    /// (Prometheus <c>Block.Delete</c>): a tombstone per series with a chunk in the range, the interval
    /// clamped to the block. The tombstones file is rewritten durably before the new set is used, so a
    /// delete that returned survives a crash. Queriers already open keep seeing the data.
    /// </summary>
    public void Delete(IReadOnlyList<Matcher> matchers, long mint, long maxt)
    {
        if (maxt < mint) return;
        long from = Math.Max(mint, _meta.MinT), to = Math.Min(maxt, _meta.MaxT - 1);
        if (to < from) return;
        if (!TryAcquire()) throw new ObjectDisposedException($"block {_meta.Id}");
        try
        {
            lock (_deleteLock)
            {
                var postings = PostingsForMatchers.Select(_index, matchers);
                var hit = new List<int>();
                var metas = new List<ChunkMeta>();
                while (postings.Next())
                {
                    int ordinal = (int)postings.At;
                    metas.Clear();
                    _index.SeriesChunks(ordinal, metas);
                    foreach (var c in metas)
                    {
                        if (c.MaxT >= from && c.MinT <= to) { hit.Add(ordinal); break; }
                    }
                }
                if (hit.Count == 0) return;
                var updated = _tombstones.With(hit, from, to);
                byte[] file = TombstoneFile.Serialize(updated);
                DurableFile.WriteAtomically(Path.Combine(Dir, TombstoneFile.FileName), file);
                Interlocked.Exchange(ref _tombstoneBytes, file.Length);
                _tombstones = updated;
            }
        }
        finally
        {
            Release();
        }
    }
}
