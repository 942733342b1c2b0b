using Vigil.Metrics.Tsdb.Querying;
using Vigil.Metrics.Tsdb.Tombstones;

namespace Vigil.Metrics.Tsdb.Blocks;

/// <summary>
/// An open, immutable block (Prometheus <c>tsdb.Block</c>): meta, index in memory, chunk pages read on
/// demand, and tombstones. Reference counted: the opener holds one reference, each querier and
/// <see cref="AllSeries"/> enumeration another; <see cref="Dispose"/> drops the opener's, and files are
/// closed (and the directory deleted, after <see cref="MarkForDeletion"/>) when the last one goes, so
/// compaction and retention may retire a block while queries still read it. Thread-safe.
/// </summary>
internal sealed partial class Block : IDisposable
{
    private readonly BlockMeta _meta;
    private readonly BlockIndex _index;
    private readonly ChunksFileReader _chunks;
    private readonly Lock _lock = new();
    private volatile TombstoneSet _tombstones;
    private int _refs = 1;
    private bool _disposed;
    private bool _deleteOnClose;
    private long _fixedBytes;
    private long _tombstoneBytes;

    private Block(string dir, BlockMeta meta, BlockIndex index, ChunksFileReader chunks, TombstoneSet tombstones, long fixedBytes, long tombstoneBytes)
    {
        Dir = dir;
        _meta = meta;
        _index = index;
        _chunks = chunks;
        _tombstones = tombstones;
        _fixedBytes = fixedBytes;
        _tombstoneBytes = tombstoneBytes;
    }

    public string Dir { get; }

    /// <summary>The meta, with <see cref="BlockMeta.NumTombstones"/> from the current tombstones.</summary>
    public BlockMeta Meta => _meta with { NumTombstones = _tombstones.Count };

    /// <summary>Bytes on disk: every file of the block (what size retention counts).</summary>
    public long SizeBytes => _fixedBytes + Interlocked.Read(ref _tombstoneBytes);

    public bool HasTombstones => !_tombstones.IsEmpty;

    internal BlockIndex Index => _index;
    internal ChunksFileReader Chunks => _chunks;
    internal TombstoneSet Tombstones => _tombstones;

    /// <summary>
    /// Opens and verifies a block directory: meta.json, index (every section), chunks header and length,
    /// tombstones. Any problem throws <see cref="CorruptBlockException"/> naming the block and file.
    /// Chunk pages are verified when read (a query then gets an iterator error) or by <see cref="Verify"/>.
    /// </summary>
    public static Block Open(string dir, PageCache? cache = null)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(dir));
        BlockMeta meta = Load(name, dir, BlockMetaFile.FileName, BlockMetaFile.Parse, out long metaBytes);
        if (meta.Id != name) throw new CorruptBlockException($"block {name}: {BlockMetaFile.FileName}: ulid {meta.Id} does not match the directory name");
        BlockIndex index = Load(name, dir, BlockIndexWriter.FileName, bytes =>
        {
            var ix = new BlockIndex(bytes);
            ix.ValidatePostings();
            return ix;
        }, out long indexBytes);
        if (index.MinT != meta.MinT || index.MaxT != meta.MaxT)
            throw new CorruptBlockException($"block {name}: {BlockIndexWriter.FileName}: range [{index.MinT}, {index.MaxT}) differs from meta.json [{meta.MinT}, {meta.MaxT})");
        if (index.SeriesCount != meta.NumSeries || index.ChunkCount != meta.NumChunks)
            throw new CorruptBlockException($"block {name}: {BlockIndexWriter.FileName}: {index.SeriesCount} series and {index.ChunkCount} chunks, meta.json says {meta.NumSeries} and {meta.NumChunks}");
        TombstoneSet tombstones = Load(name, dir, TombstoneFile.FileName, bytes => TombstoneFile.Parse(bytes, index.SeriesCount), out long tombstoneBytes);
        ChunksFileReader chunks;
        try
        {
            chunks = new ChunksFileReader(Path.Combine(dir, ChunksFileWriter.FileName), index.Pages, cache ?? PageCache.Shared);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new CorruptBlockException($"block {name}: {ChunksFileWriter.FileName}: {Reason(e)}");
        }
        return new Block(dir, meta, index, chunks, tombstones, metaBytes + indexBytes + chunks.Length, tombstoneBytes);
    }

    private static T Load<T>(string block, string dir, string file, Func<ReadOnlySpan<byte>, T> parse, out long size)
    {
        string path = Path.Combine(dir, file);
        try
        {
            byte[] bytes = File.ReadAllBytes(path);
            size = bytes.Length;
            return parse(bytes);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw new CorruptBlockException($"block {block}: {file}: {Reason(e)}");
        }
    }

    private static string Reason(Exception e) => e switch
    {
        FileNotFoundException => "missing",
        DirectoryNotFoundException => "block directory missing",
        IndexOutOfRangeException or ArgumentOutOfRangeException => "malformed (offset out of range)",
        _ => e.Message,
    };

    /// <summary>Takes a reference; false once the opener disposed the block (Prometheus refuses new readers of a closing block too).</summary>
    public bool TryAcquire()
    {
        lock (_lock)
        {
            if (_disposed || _refs == 0) return false;
            _refs++;
            return true;
        }
    }

    public void Release()
    {
        bool close;
        lock (_lock)
        {
            if (_refs == 0) throw new InvalidOperationException("BUG: block released more often than acquired");
            close = --_refs == 0;
        }
        if (close) Close();
    }

    /// <summary>A querier over [mint, maxt] (both inclusive); holds a reference until disposed.</summary>
    public IQuerier Querier(long mint, long maxt)
    {
        if (!TryAcquire()) throw new ObjectDisposedException($"block {_meta.Id}");
        return new BlockQuerier(this, mint, maxt);
    }

    /// <summary>Reads every chunk page and checks its checksum and encoding; throws <see cref="CorruptBlockException"/>.</summary>
    public void Verify()
    {
        for (int i = 0; i < _chunks.PageCount; i++)
            if (!_chunks.TryGetPage(i, useCache: false, out _, out string? error))
                throw new CorruptBlockException($"block {_meta.Id}: {ChunksFileWriter.FileName}: {error}");
    }

    /// <summary>Makes the directory go away once the last reference is released (compaction, retention).</summary>
    public void MarkForDeletion()
    {
        lock (_lock) _deleteOnClose = true;
    }

    /// <summary>Drops the opener's reference (idempotent).</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
        }
        Release();
    }

    private void Close()
    {
        _chunks.Dispose();
        bool delete;
        lock (_lock) delete = _deleteOnClose;
        if (delete) DeleteDirectory(Dir);
    }

    /// <summary>Removes a block directory: rename to <c>&lt;id&gt;.tmp-for-deletion</c> first so a crash never leaves a half-deleted block under its real name (Prometheus <c>deleteBlocks</c>).</summary>
    public static void DeleteDirectory(string dir)
    {
        if (!Directory.Exists(dir)) return;
        string doomed = Path.TrimEndingDirectorySeparator(dir) + BlockDirectories.DeletionSuffix;
        if (Directory.Exists(doomed)) Directory.Delete(doomed, recursive: true);
        Directory.Move(dir, doomed);
        DurableFile.SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(doomed))!);
        Directory.Delete(doomed, recursive: true);
    }

    public override string ToString() => $"block {_meta.Id} [{_meta.MinT}, {_meta.MaxT})";
}
