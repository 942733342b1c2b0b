using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Chunks;
using Vigil.Metrics.Tsdb.Querying;
using Vigil.Metrics.Tsdb.Tombstones;

namespace Vigil.Metrics.Tsdb.Blocks;

/// <summary>
/// Writes an immutable block from series sorted by labels (Prometheus <c>LeveledCompactor.write</c>):
/// everything goes into <c>&lt;blocksDir&gt;/&lt;ulid&gt;.tmp</c>, each file fsynced, then the directory
/// is renamed to its ULID and the parent fsynced, so a block directory either is complete or does not
/// exist. A crash leaves at most a <c>.tmp</c> directory, which the DB removes at start.
/// </summary>
internal static class BlockWriter
{
    public const string TmpSuffix = ".tmp";

    /// <summary>
    /// Writes a block covering [minT, maxT) (maxT exclusive). Samples outside the range, or not after the
    /// series' previous sample, are dropped. Series arrive sorted by <see cref="Labels.Compare"/>, each
    /// once; chunks sorted by time. Throws <see cref="ArgumentException"/> when they are not. A block
    /// with no samples is still written (NumSamples 0); the caller decides whether to keep it. A series'
    /// chunk bytes are read before the next series is asked for, so a source may reuse one buffer for all.
    /// </summary>
    public static BlockMeta Write(string blocksDir, long minT, long maxT, IEnumerable<BlockSeries> series, int level = 1, IReadOnlyList<string>? parents = null) =>
        Write(blocksDir, minT, maxT, series, level, parents, sources: null, ChunksFileOptions.Default);

    /// <summary>As above, with the compaction sources to record and tuning of the chunks file.</summary>
    public static BlockMeta Write(string blocksDir, long minT, long maxT, IEnumerable<BlockSeries> series, int level,
        IReadOnlyList<string>? parents, IReadOnlyList<string>? sources, ChunksFileOptions options)
    {
        if (maxT <= minT) throw new ArgumentException($"empty block range [{minT}, {maxT})");
        Directory.CreateDirectory(blocksDir);
        string id = Ulid.New();
        string tmp = Path.Combine(blocksDir, id + TmpSuffix);
        string final = Path.Combine(blocksDir, id);
        if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
        Directory.CreateDirectory(tmp);
        try
        {
            long numSeries = 0, numSamples = 0, numChunks = 0;
            var index = new BlockIndexWriter(minT, maxT);
            using (var chunks = new ChunksFileWriter(Path.Combine(tmp, ChunksFileWriter.FileName), options))
            {
                var ts = new long[ChunkPage.MaxSamplesPerChunk];
                var vs = new double[ChunkPage.MaxSamplesPerChunk];
                var metas = new List<ChunkMeta>();
                SampleIterator? it = null;
                Labels? previous = null;
                foreach (var s in series)
                {
                    if (previous is not null && Labels.Compare(previous, s.Labels) >= 0)
                        throw new ArgumentException($"series not sorted or repeated: {s.Labels} after {previous}");
                    previous = s.Labels;
                    metas.Clear();
                    long first = chunks.ChunkCount;
                    long lastT = long.MinValue;
                    foreach (var c in s.Chunks)
                    {
                        it = ChunkDecoder.Iterator(c.Encoding, c.Data, it);
                        int n = 0;
                        while (it.Next() != ValueKind.None)
                        {
                            long t = it.AtT();
                            if (t < minT || t >= maxT || t <= lastT) continue;
                            if (n == ts.Length) break; // cannot happen with 16-bit chunk counts
                            ts[n] = t;
                            vs[n] = it.AtF();
                            lastT = t;
                            n++;
                        }
                        if (it.Error is { } error) throw new ArgumentException($"series {s.Labels}: chunk [{c.MinT}, {c.MaxT}]: {error}");
                        if (n == 0) continue;
                        chunks.Add(ts.AsSpan(0, n), vs.AsSpan(0, n));
                        metas.Add(new ChunkMeta(ts[0], ts[n - 1]));
                        numSamples += n;
                    }
                    if (metas.Count == 0) continue;
                    index.AddSeries(s.Labels, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(metas), first);
                    numSeries++;
                    numChunks += metas.Count;
                }
                chunks.Finish();
                index.Write(Path.Combine(tmp, BlockIndexWriter.FileName), chunks.Pages);
            }
            TombstoneFile.Write(tmp, TombstoneSet.Empty);
            var meta = new BlockMeta(id, minT, maxT, numSeries, numSamples, numChunks, level, parents ?? [])
            {
                Sources = sources is null ? [id] : [.. sources.Order(StringComparer.Ordinal)],
            };
            DurableFile.WriteAtomically(Path.Combine(tmp, BlockMetaFile.FileName), BlockMetaFile.Serialize(meta));
            DurableFile.SyncDirectory(tmp);
            Directory.Move(tmp, final);
            DurableFile.SyncDirectory(blocksDir);
            return meta;
        }
        catch
        {
            try { Directory.Delete(tmp, recursive: true); } catch (IOException) { } // best effort; the DB removes .tmp dirs at start
            throw;
        }
    }
}
