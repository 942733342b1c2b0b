using Vigil.Core.Checksums;
using System.Buffers.Binary;
using Vigil.Metrics.Model;

namespace Vigil.Metrics.Tsdb.Blocks;

/// <summary>A chunk's entry in the index: its time range, both ends inclusive.</summary>
internal readonly record struct ChunkMeta(long MinT, long MaxT);

/// <summary>
/// Builds the <c>index</c> file (layout in docs/formats/metrics-block.md): symbols, series, label
/// postings and the page table, each a length-prefixed, CRC-32C-checked section, then a table of
/// contents. Series are added in label order and numbered 0, 1, 2…; those ordinals are the series
/// references of the block, so postings lists are dense and compress well (<see cref="PostingsCodec"/>).
/// Symbols are only known once every series is in, so series are kept until <see cref="Write"/>.
/// </summary>
internal sealed class BlockIndexWriter(long minT, long maxT)
{
    public const string FileName = "index";
    public static ReadOnlySpan<byte> Magic => "VGIX"u8;
    public const byte Version = 1;
    public const int HeaderSize = 8;
    public const int TocSize = 6 * 8 + 4;
    public const int SectionHeaderSize = 9;

    private readonly ZstdSharp.Compressor _compressor = CreateCompressor();

    /// <summary>
    /// Level 9 as the chunk pages, with the match window and its tables capped at 256 KiB / 128K entries:
    /// uncapped, zstd sizes them to the section (the series section is ~25 bytes a series), and
    /// compressing a 700 KB section took 13 MB of native memory at the block cut, the largest part of the
    /// cut's rise in peak RSS; capped it takes 4 MB and the section grows by about 0.5 %.
    /// </summary>
    private static ZstdSharp.Compressor CreateCompressor()
    {
        var compressor = new ZstdSharp.Compressor(ChunksFileOptions.Default.ZstdLevel);
        compressor.SetParameter(ZstdSharp.Unsafe.ZSTD_cParameter.ZSTD_c_windowLog, 18);
        compressor.SetParameter(ZstdSharp.Unsafe.ZSTD_cParameter.ZSTD_c_hashLog, 17);
        compressor.SetParameter(ZstdSharp.Unsafe.ZSTD_cParameter.ZSTD_c_chainLog, 17);
        return compressor;
    }

    private readonly List<Labels> _labels = [];
    private readonly BlockBuffer _chunkMetas = new(64 * 1024); // per series: count, first ordinal, ranges
    private readonly List<int> _chunkMetaOffsets = [];
    private readonly Dictionary<string, Dictionary<string, List<int>>> _postings = new(StringComparer.Ordinal);

    public int SeriesCount => _labels.Count;

    public void AddSeries(Labels labels, ReadOnlySpan<ChunkMeta> chunks, long firstChunk)
    {
        int ordinal = _labels.Count;
        _labels.Add(labels);
        _chunkMetaOffsets.Add(_chunkMetas.Length);
        _chunkMetas.WriteVarint((ulong)chunks.Length);
        _chunkMetas.WriteVarint((ulong)firstChunk);
        long prev = minT;
        foreach (var c in chunks)
        {
            _chunkMetas.WriteZigZag(c.MinT - prev);
            _chunkMetas.WriteVarint((ulong)(c.MaxT - c.MinT));
            prev = c.MaxT;
        }
        foreach (var l in labels.AsSpan())
        {
            if (!_postings.TryGetValue(l.Name, out var values)) _postings[l.Name] = values = new(StringComparer.Ordinal);
            if (!values.TryGetValue(l.Value, out var list)) values[l.Value] = list = [];
            list.Add(ordinal);
        }
    }

    /// <summary>Writes the file and fsyncs it; returns its length.</summary>
    public long Write(string path, IReadOnlyList<PageEntry> pages)
    {
        // Symbols: every label name and value, sorted ordinally (UTF-16 order, as Labels.Compare).
        var symbolSet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, values) in _postings)
        {
            symbolSet.Add(name);
            foreach (var v in values.Keys) symbolSet.Add(v);
        }
        var symbols = symbolSet.ToArray();
        Array.Sort(symbols, StringComparer.Ordinal);
        var ids = new Dictionary<string, int>(symbols.Length, StringComparer.Ordinal);
        for (int i = 0; i < symbols.Length; i++) ids[symbols[i]] = i;

        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        Span<byte> header = stackalloc byte[HeaderSize];
        header.Clear();
        Magic.CopyTo(header);
        header[4] = Version;
        file.Write(header);

        var section = new BlockBuffer(64 * 1024);
        section.WriteVarint((ulong)symbols.Length);
        foreach (var s in symbols)
        {
            int n = System.Text.Encoding.UTF8.GetByteCount(s);
            section.WriteVarint((ulong)n);
            System.Text.Encoding.UTF8.GetBytes(s, section.Reserve(n, out _));
        }
        long symbolsAt = WriteSection(file, section);

        section.Clear();
        section.WriteVarint((ulong)_labels.Count);
        for (int i = 0; i < _labels.Count; i++)
        {
            var labels = _labels[i].AsSpan();
            section.WriteVarint((ulong)labels.Length);
            foreach (var l in labels)
            {
                section.WriteVarint((ulong)ids[l.Name]);
                section.WriteVarint((ulong)ids[l.Value]);
            }
            int from = _chunkMetaOffsets[i], to = i + 1 < _chunkMetaOffsets.Count ? _chunkMetaOffsets[i + 1] : _chunkMetas.Length;
            section.Write(_chunkMetas.Span[from..to]);
        }
        long seriesAt = WriteSection(file, section);

        section.Clear();
        var names = _postings.Keys.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        section.WriteVarint((ulong)names.Length);
        var postings = new BlockBuffer(1024);
        foreach (var name in names)
        {
            var values = _postings[name];
            var sorted = values.Keys.ToArray();
            Array.Sort(sorted, StringComparer.Ordinal);
            section.WriteVarint((ulong)ids[name]);
            section.WriteVarint((ulong)sorted.Length);
            foreach (var value in sorted)
            {
                postings.Clear();
                PostingsCodec.Encode(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values[value]), postings);
                section.WriteVarint((ulong)ids[value]);
                section.WriteVarint((ulong)postings.Length);
                section.Write(postings.Span);
            }
        }
        long labelsAt = WriteSection(file, section);

        section.Clear();
        section.WriteVarint((ulong)pages.Count);
        foreach (var p in pages)
        {
            section.WriteVarint((ulong)p.DiskLength);
            section.WriteVarint((ulong)p.ChunkCount);
        }
        long pagesAt = WriteSection(file, section);

        Span<byte> toc = stackalloc byte[TocSize];
        BinaryPrimitives.WriteInt64LittleEndian(toc, symbolsAt);
        BinaryPrimitives.WriteInt64LittleEndian(toc[8..], seriesAt);
        BinaryPrimitives.WriteInt64LittleEndian(toc[16..], labelsAt);
        BinaryPrimitives.WriteInt64LittleEndian(toc[24..], pagesAt);
        BinaryPrimitives.WriteInt64LittleEndian(toc[32..], minT);
        BinaryPrimitives.WriteInt64LittleEndian(toc[40..], maxT);
        BinaryPrimitives.WriteUInt32LittleEndian(toc[48..], Crc32C.Compute(toc[..48]));
        file.Write(toc);
        file.Flush(flushToDisk: true);
        _compressor.Dispose();
        return file.Length;
    }

    /// <summary>
    /// Writes <c>u32 stored length, u32 raw length, u8 compression, stored bytes, u32 CRC-32C of all
    /// before it</c>; zstd when it makes the section smaller (the same framing as a chunk page).
    /// </summary>
    private long WriteSection(FileStream file, BlockBuffer section)
    {
        long at = file.Position;
        var raw = section.Span;
        int bound = ZstdSharp.Compressor.GetCompressBound(raw.Length);
        var framed = new byte[SectionHeaderSize + Math.Max(bound, raw.Length) + 4];
        int stored = _compressor.Wrap(raw, framed.AsSpan(SectionHeaderSize));
        byte compression = ChunksFileWriter.CompressionZstd;
        if (stored >= raw.Length)
        {
            raw.CopyTo(framed.AsSpan(SectionHeaderSize));
            stored = raw.Length;
            compression = ChunksFileWriter.CompressionNone;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(framed, (uint)stored);
        BinaryPrimitives.WriteUInt32LittleEndian(framed.AsSpan(4), (uint)raw.Length);
        framed[8] = compression;
        int length = SectionHeaderSize + stored;
        BinaryPrimitives.WriteUInt32LittleEndian(framed.AsSpan(length), Crc32C.Compute(framed.AsSpan(0, length)));
        file.Write(framed, 0, length + 4);
        return at;
    }
}
