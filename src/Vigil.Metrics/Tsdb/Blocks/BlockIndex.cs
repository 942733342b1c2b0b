using Vigil.Core.Checksums;
using System.Buffers.Binary;
using System.Text;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Index;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Tsdb.Blocks;

/// <summary>
/// A block's <c>index</c> file, loaded: every section checked against its CRC-32C at open, symbols
/// decoded once into interned strings (one instance per distinct symbol for the block's lifetime), the
/// label table parsed into sorted value arrays with postings offsets, and series entries located.
/// Postings and series are decoded on demand from the file bytes. Immutable after open: thread-safe.
/// </summary>
internal sealed class BlockIndex : IIndexReader
{
    private readonly byte[] _series;
    private readonly byte[] _labelBytes;
    private readonly string[] _symbols;
    private readonly int[] _seriesOffsets;
    private readonly Dictionary<string, LabelTable> _labels;
    private readonly string[] _labelNames;

    public long MinT { get; }
    public long MaxT { get; }
    public int SeriesCount => _seriesOffsets.Length;
    public PageEntry[] Pages { get; }
    public int SymbolCount => _symbols.Length;

    /// <summary>Sorted label names present in the block.</summary>
    public IReadOnlyList<string> LabelNames => _labelNames;

    private sealed record LabelTable(string[] Values, int[] PostingsOffsets, int[] PostingsLengths);

    /// <summary>Parses and verifies; throws <see cref="InvalidDataException"/> with the section and reason.</summary>
    public BlockIndex(ReadOnlySpan<byte> file)
    {
        if (file.Length < BlockIndexWriter.HeaderSize + BlockIndexWriter.TocSize) throw new InvalidDataException($"file too short ({file.Length} bytes)");
        if (!file[..4].SequenceEqual(BlockIndexWriter.Magic)) throw new InvalidDataException("bad magic");
        if (file[4] != BlockIndexWriter.Version) throw new InvalidDataException($"unsupported version {file[4]}");
        if (file[5] != 0 || file[6] != 0 || file[7] != 0) throw new InvalidDataException("reserved header bytes are not zero");
        var toc = file[^BlockIndexWriter.TocSize..];
        uint tocCrc = Crc32C.Compute(toc[..48]);
        if (tocCrc != BinaryPrimitives.ReadUInt32LittleEndian(toc[48..])) throw new InvalidDataException("table of contents checksum mismatch");
        long symbolsAt = BinaryPrimitives.ReadInt64LittleEndian(toc);
        long seriesAt = BinaryPrimitives.ReadInt64LittleEndian(toc[8..]);
        long labelsAt = BinaryPrimitives.ReadInt64LittleEndian(toc[16..]);
        long pagesAt = BinaryPrimitives.ReadInt64LittleEndian(toc[24..]);
        MinT = BinaryPrimitives.ReadInt64LittleEndian(toc[32..]);
        MaxT = BinaryPrimitives.ReadInt64LittleEndian(toc[40..]);

        var symbolsSection = Section(file, symbolsAt, "symbols");
        var r = new SpanReader(symbolsSection);
        _symbols = new string[r.ReadCount(symbolsSection.Length, "symbol count")];
        for (int i = 0; i < _symbols.Length; i++)
        {
            var bytes = r.ReadBytes(r.ReadCount(symbolsSection.Length, "symbol length"));
            _symbols[i] = Encoding.UTF8.GetString(bytes);
            if (i > 0 && string.CompareOrdinal(_symbols[i - 1], _symbols[i]) >= 0) throw new InvalidDataException("symbols section: symbols not sorted");
        }
        ExpectEnd(r, "symbols");

        _series = Section(file, seriesAt, "series");
        var seriesSection = _series.AsSpan();
        r = new SpanReader(seriesSection);
        _seriesOffsets = new int[r.ReadCount(seriesSection.Length, "series count")];
        long chunksSeen = 0;
        for (int i = 0; i < _seriesOffsets.Length; i++)
        {
            _seriesOffsets[i] = r.Position;
            int labels = r.ReadCount(seriesSection.Length, "label count");
            for (int j = 0; j < 2 * labels; j++) Symbol(r.ReadVarint());
            int chunks = r.ReadCount(seriesSection.Length, "chunk count");
            // Chunks are numbered consecutively in series order; anything else would misplace reads.
            if (r.ReadVarint() != (ulong)chunksSeen) throw new InvalidDataException($"series section: series {i} does not start at chunk {chunksSeen}");
            chunksSeen += chunks;
            for (int j = 0; j < chunks; j++) { r.ReadVarint(); r.ReadVarint(); }
        }
        ExpectEnd(r, "series");

        _labelBytes = Section(file, labelsAt, "labels");
        var labelsSection = _labelBytes.AsSpan();
        r = new SpanReader(labelsSection);
        int names = r.ReadCount(labelsSection.Length, "label name count");
        _labels = new Dictionary<string, LabelTable>(names, StringComparer.Ordinal);
        _labelNames = new string[names];
        for (int i = 0; i < names; i++)
        {
            string name = Symbol(r.ReadVarint());
            int count = r.ReadCount(labelsSection.Length, "label value count");
            var table = new LabelTable(new string[count], new int[count], new int[count]);
            for (int j = 0; j < count; j++)
            {
                table.Values[j] = Symbol(r.ReadVarint());
                if (j > 0 && string.CompareOrdinal(table.Values[j - 1], table.Values[j]) >= 0) throw new InvalidDataException($"labels section: values of {name} not sorted");
                int length = r.ReadCount(labelsSection.Length, "postings length");
                table.PostingsOffsets[j] = r.Position;
                table.PostingsLengths[j] = length;
                r.Skip(length);
            }
            if (i > 0 && string.CompareOrdinal(_labelNames[i - 1], name) >= 0) throw new InvalidDataException("labels section: names not sorted");
            _labelNames[i] = name;
            _labels[name] = table;
        }
        ExpectEnd(r, "labels");

        var pagesSection = Section(file, pagesAt, "pages").AsSpan();
        r = new SpanReader(pagesSection);
        Pages = new PageEntry[r.ReadCount(pagesSection.Length, "page count")];
        long offset = ChunksFileWriter.HeaderSize, first = 0;
        for (int i = 0; i < Pages.Length; i++)
        {
            int length = r.ReadCount(int.MaxValue, "page length");
            int chunks = r.ReadCount(int.MaxValue, "page chunk count");
            Pages[i] = new PageEntry(offset, length, chunks, first);
            offset += length;
            first += chunks;
        }
        ExpectEnd(r, "pages");
        if (first != chunksSeen) throw new InvalidDataException($"pages hold {first} chunks, series refer to {chunksSeen}");
        ChunkCount = first;
    }

    /// <summary>Chunks in the block (the chunks file's ordinal space).</summary>
    public long ChunkCount { get; }

    public string Symbol(ulong id) =>
        id < (ulong)_symbols.Length ? _symbols[id] : throw new InvalidDataException($"symbol {id} out of range ({_symbols.Length} symbols)");

    /// <summary>The labels of series <paramref name="ordinal"/>.</summary>
    public Labels SeriesLabels(int ordinal)
    {
        var r = new SpanReader(_series.AsSpan(_seriesOffsets[ordinal]));
        int count = (int)r.ReadVarint();
        var labels = new Label[count];
        for (int i = 0; i < count; i++) labels[i] = new Label(Symbol(r.ReadVarint()), Symbol(r.ReadVarint()));
        return Labels.FromSorted(labels);
    }

    /// <summary>The chunks of series <paramref name="ordinal"/> (appended to <paramref name="into"/>); returns the first chunk's ordinal.</summary>
    public long SeriesChunks(int ordinal, List<ChunkMeta> into)
    {
        var r = new SpanReader(_series.AsSpan(_seriesOffsets[ordinal]));
        int labels = (int)r.ReadVarint();
        for (int i = 0; i < 2 * labels; i++) r.ReadVarint();
        int count = (int)r.ReadVarint();
        long first = (long)r.ReadVarint();
        long prev = MinT;
        for (int i = 0; i < count; i++)
        {
            long min = prev + r.ReadZigZag();
            long max = min + (long)r.ReadVarint();
            into.Add(new ChunkMeta(min, max));
            prev = max;
        }
        return first;
    }

    /// <summary>Sorted values of <paramref name="name"/> (empty when the block lacks the label).</summary>
    public IReadOnlyList<string> LabelValues(string name) => _labels.TryGetValue(name, out var t) ? t.Values : [];

    public Postings Postings(string name, string value)
    {
        if (!_labels.TryGetValue(name, out var table)) return Index.Postings.Empty;
        int i = Array.BinarySearch(table.Values, value, StringComparer.Ordinal);
        return i < 0 ? Index.Postings.Empty : Decode(table, i);
    }

    public List<Postings> PostingsForValues(string name, Func<string, bool> accept)
    {
        var result = new List<Postings>();
        if (!_labels.TryGetValue(name, out var table)) return result;
        for (int i = 0; i < table.Values.Length; i++)
            if (accept(table.Values[i])) result.Add(Decode(table, i));
        return result;
    }

    public Postings AllPostings() => new RangePostings((ulong)SeriesCount);

    private ListPostings Decode(LabelTable table, int i) =>
        // Verified at open (section CRC), so a decode failure here means a bug, not corruption.
        new(PostingsCodec.Decode(_labelBytes.AsSpan(table.PostingsOffsets[i], table.PostingsLengths[i]), SeriesCount));

    /// <summary>Decodes every postings list once (open-time validation of the label table's contents).</summary>
    public void ValidatePostings()
    {
        foreach (var (name, table) in _labels)
        {
            for (int i = 0; i < table.Values.Length; i++)
            {
                try { _ = Decode(table, i); }
                catch (InvalidDataException e) { throw new InvalidDataException($"labels section: postings of {name}=\"{table.Values[i]}\": {e.Message}"); }
            }
        }
    }

    /// <summary>Checks a section's CRC and returns its content, decompressed.</summary>
    private static byte[] Section(ReadOnlySpan<byte> file, long at, string name)
    {
        long end = file.Length - BlockIndexWriter.TocSize;
        const int Header = BlockIndexWriter.SectionHeaderSize;
        if (at < BlockIndexWriter.HeaderSize || at + Header + 4 > end) throw new InvalidDataException($"{name} section offset {at} out of range");
        long stored = BinaryPrimitives.ReadUInt32LittleEndian(file[(int)at..]);
        int rawLength = (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(file[((int)at + 4)..]));
        if (at + Header + stored + 4 > end) throw new InvalidDataException($"{name} section length {stored} runs past the end");
        var framed = file.Slice((int)at, Header + (int)stored);
        uint crc = Crc32C.Compute(framed);
        uint expected = BinaryPrimitives.ReadUInt32LittleEndian(file[(int)(at + Header + stored)..]);
        if (crc != expected) throw new InvalidDataException($"{name} section checksum mismatch (stored {expected:x8}, computed {crc:x8})");
        var body = framed[Header..];
        switch (framed[8])
        {
            case ChunksFileWriter.CompressionNone:
                if (rawLength != body.Length) throw new InvalidDataException($"{name} section: raw length {rawLength} differs from stored {body.Length}");
                return body.ToArray();
            case ChunksFileWriter.CompressionZstd:
                var raw = new byte[rawLength];
                try
                {
                    using var decompressor = new ZstdSharp.Decompressor();
                    if (decompressor.Unwrap(body, raw) != rawLength) throw new InvalidDataException($"{name} section: decompressed size differs from {rawLength}");
                }
                catch (ZstdSharp.ZstdException e)
                {
                    throw new InvalidDataException($"{name} section: {e.Message}", e);
                }
                return raw;
            default:
                throw new InvalidDataException($"{name} section: unknown compression {framed[8]}");
        }
    }

    private static void ExpectEnd(SpanReader r, string section)
    {
        if (!r.End) throw new InvalidDataException($"{section} section: {r.Remaining} stray bytes");
    }
}
