using Vigil.Core.Checksums;
using System.Buffers.Binary;
using ZstdSharp;

namespace Vigil.Metrics.Tsdb.Blocks;

/// <summary>One page's entry in the index's page table: its size on disk and how many chunks it holds.</summary>
internal readonly record struct PageEntry(long Offset, int DiskLength, int ChunkCount, long FirstChunk);

/// <summary>
/// Writes the <c>chunks</c> file: a header, then pages of whole chunks, each zstd-compressed and
/// checksummed (layout in docs/formats/metrics-block.md). Chunks are numbered in the order they are
/// added (series order, then time); the index refers to a chunk by that ordinal, and the page table
/// maps ordinals to pages. A page closes once it holds <see cref="ChunksFileOptions.PageSamples"/>
/// samples, so a page is a few dozen series' worth of data, decoded together on read.
/// </summary>
internal sealed class ChunksFileWriter : IDisposable
{
    public const string FileName = "chunks";
    public static ReadOnlySpan<byte> Magic => "VGCH"u8;
    public const byte Version = 1;
    public const int HeaderSize = 8;
    public const int PageHeaderSize = 9;
    public const byte CompressionNone = 0;
    public const byte CompressionZstd = 1;

    private readonly FileStream _file;
    private readonly ChunksFileOptions _options;
    private readonly Compressor _compressor;
    private readonly BlockBuffer _headers = new(1024);
    private readonly BlockBuffer _timestamps = new(16 * 1024);
    private readonly BlockBuffer _values = new(64 * 1024);
    private readonly BlockBuffer _content = new(128 * 1024);
    private readonly BlockBuffer _colT = new(1024);
    private readonly BlockBuffer _colV = new(2048);
    private byte[] _compressed = new byte[256 * 1024];
    private int _pageChunks;
    private int _pageSamples;
    private long _offset;
    private long _chunkCount;

    public ChunksFileWriter(string path, ChunksFileOptions options)
    {
        _options = options;
        _compressor = new Compressor(options.ZstdLevel);
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        Span<byte> header = stackalloc byte[HeaderSize];
        header.Clear();
        Magic.CopyTo(header);
        header[4] = Version;
        _file.Write(header);
        _offset = HeaderSize;
    }

    public List<PageEntry> Pages { get; } = [];
    public long ChunkCount => _chunkCount;
    public long Length => _offset;

    /// <summary>Adds one chunk (1 to 65535 samples, timestamps increasing); returns its ordinal.</summary>
    public long Add(ReadOnlySpan<long> ts, ReadOnlySpan<double> values)
    {
        if (ts.Length == 0 || ts.Length > ChunkPage.MaxSamplesPerChunk || values.Length != ts.Length)
            throw new ArgumentException($"a chunk holds 1 to {ChunkPage.MaxSamplesPerChunk} samples, got {ts.Length}");
        _colT.Clear();
        _colV.Clear();
        byte mode = ChunkColumns.EncodeChunk(ts, values, _colT, _colV);
        _headers.WriteVarint((ulong)ts.Length);
        _headers.WriteByte(mode);
        _headers.WriteVarint((ulong)_colT.Length);
        _headers.WriteVarint((ulong)_colV.Length);
        _timestamps.Write(_colT.Span);
        _values.Write(_colV.Span);
        _pageChunks++;
        _pageSamples += ts.Length;
        long ordinal = _chunkCount++;
        if (_pageSamples >= _options.PageSamples) FlushPage();
        return ordinal;
    }

    /// <summary>Writes the last page and makes the file durable.</summary>
    public void Finish()
    {
        FlushPage();
        _file.Flush(flushToDisk: true);
    }

    private void FlushPage()
    {
        if (_pageChunks == 0) return;
        _content.Clear();
        _content.WriteVarint((ulong)_pageChunks);
        _content.Write(_headers.Span);
        _content.Write(_timestamps.Span);
        _content.Write(_values.Span);
        var raw = _content.Span;

        int bound = Compressor.GetCompressBound(raw.Length);
        if (_compressed.Length < bound + PageHeaderSize + 4) _compressed = new byte[bound + PageHeaderSize + 4];
        var page = _compressed.AsSpan();
        int payload = _compressor.Wrap(raw, page[PageHeaderSize..]);
        byte compression = CompressionZstd;
        if (payload >= raw.Length)
        {
            raw.CopyTo(page[PageHeaderSize..]);
            payload = raw.Length;
            compression = CompressionNone;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(page, (uint)payload);
        BinaryPrimitives.WriteUInt32LittleEndian(page[4..], (uint)raw.Length);
        page[8] = compression;
        int length = PageHeaderSize + payload;
        BinaryPrimitives.WriteUInt32LittleEndian(page[length..], Crc32C.Compute(page[..length]));
        length += 4;
        _file.Write(page[..length]);

        Pages.Add(new PageEntry(_offset, length, _pageChunks, _chunkCount - _pageChunks));
        _offset += length;
        _headers.Clear();
        _timestamps.Clear();
        _values.Clear();
        _pageChunks = 0;
        _pageSamples = 0;
    }

    public void Dispose()
    {
        _file.Dispose();
        _compressor.Dispose();
    }
}

/// <summary>Tuning of the chunks file; defaults measured in bench/Vigil.Benchmarks (BlockBenchmarks).</summary>
internal sealed record ChunksFileOptions
{
    /// <summary>Samples per page before it is closed (a page is the unit of compression and of reading).</summary>
    public int PageSamples { get; init; } = 16 * 1024;

    /// <summary>zstd level: blocks are written once and read many times, so a higher level pays.</summary>
    public int ZstdLevel { get; init; } = 9;

    public static ChunksFileOptions Default { get; } = new();
}
