using Vigil.Core.Checksums;
using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using ZstdSharp;

namespace Vigil.Metrics.Tsdb.Blocks;

/// <summary>
/// Reads pages of a block's <c>chunks</c> file on demand with positional reads (no shared file
/// position, so any number of threads may read), verifying each page's CRC-32C, through a
/// <see cref="PageCache"/>. Opening checks the header and that the file length matches the page table;
/// a damaged page is found when it is read and reported as an error string, never thrown at a query.
/// </summary>
internal sealed class ChunksFileReader : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly PageEntry[] _pages;
    private readonly PageCache _cache;
    private readonly long _owner = PageCache.NewOwner();
    [ThreadStatic] private static Decompressor? t_decompressor;

    /// <summary>Opens and checks the header and length; throws <see cref="InvalidDataException"/>.</summary>
    public ChunksFileReader(string path, PageEntry[] pages, PageCache cache)
    {
        _pages = pages;
        _cache = cache;
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        try
        {
            long expected = pages.Length == 0 ? ChunksFileWriter.HeaderSize : pages[^1].Offset + pages[^1].DiskLength;
            long length = RandomAccess.GetLength(_handle);
            if (length != expected) throw new InvalidDataException($"file is {length} bytes, the index expects {expected}");
            Span<byte> header = stackalloc byte[ChunksFileWriter.HeaderSize];
            if (RandomAccess.Read(_handle, header, 0) != header.Length) throw new InvalidDataException("header truncated");
            if (!header[..4].SequenceEqual(ChunksFileWriter.Magic)) throw new InvalidDataException("bad magic");
            if (header[4] != ChunksFileWriter.Version) throw new InvalidDataException($"unsupported version {header[4]}");
            if (header[5] != 0 || header[6] != 0 || header[7] != 0) throw new InvalidDataException("reserved header bytes are not zero");
        }
        catch
        {
            _handle.Dispose();
            throw;
        }
    }

    public int PageCount => _pages.Length;
    public long Length => _pages.Length == 0 ? ChunksFileWriter.HeaderSize : _pages[^1].Offset + _pages[^1].DiskLength;

    /// <summary>The page holding chunk <paramref name="ordinal"/> (binary search over first ordinals).</summary>
    public int PageOf(long ordinal)
    {
        int lo = 0, hi = _pages.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (_pages[mid].FirstChunk <= ordinal) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    public PageEntry Page(int index) => _pages[index];

    /// <summary>The decoded page, from the cache or disk; false with <paramref name="error"/> when it is damaged.</summary>
    public bool TryGetPage(int index, bool useCache, out DecodedPage page, out string? error)
    {
        if (useCache && _cache.TryGet(_owner, index, out page)) { error = null; return true; }
        try
        {
            page = ReadPage(index);
            if (useCache) _cache.Add(_owner, index, page);
            error = null;
            return true;
        }
        catch (Exception e) when (e is InvalidDataException or ZstdException or IOException)
        {
            page = null!;
            error = $"chunks page {index} at offset {_pages[index].Offset}: {e.Message}";
            return false;
        }
    }

    /// <summary>Reads, verifies and decodes one page; throws <see cref="InvalidDataException"/> when damaged.</summary>
    public DecodedPage ReadPage(int index)
    {
        var entry = _pages[index];
        byte[] buffer = ArrayPool<byte>.Shared.Rent(entry.DiskLength);
        try
        {
            var page = buffer.AsSpan(0, entry.DiskLength);
            if (RandomAccess.Read(_handle, page, entry.Offset) != page.Length) throw new InvalidDataException("page truncated");
            int payload = (int)BinaryPrimitives.ReadUInt32LittleEndian(page);
            int rawLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(page[4..]);
            byte compression = page[8];
            if ((long)payload + ChunksFileWriter.PageHeaderSize + 4 != entry.DiskLength)
                throw new InvalidDataException($"page length {payload} does not match the index ({entry.DiskLength} bytes on disk)");
            uint stored = BinaryPrimitives.ReadUInt32LittleEndian(page[^4..]);
            uint crc = Crc32C.Compute(page[..^4]);
            if (crc != stored) throw new InvalidDataException($"checksum mismatch (stored {stored:x8}, computed {crc:x8})");
            var data = page.Slice(ChunksFileWriter.PageHeaderSize, payload);
            if (compression == ChunksFileWriter.CompressionNone) return Checked(ChunkPage.DecodeToXor(data), entry);
            if (compression != ChunksFileWriter.CompressionZstd) throw new InvalidDataException($"unknown compression {compression}");
            if (rawLength < 0 || rawLength > 1 << 30) throw new InvalidDataException($"uncompressed length {rawLength} out of range");
            byte[] raw = ArrayPool<byte>.Shared.Rent(rawLength);
            try
            {
                var decompressor = t_decompressor ??= new Decompressor();
                int n = decompressor.Unwrap(data, raw.AsSpan(0, rawLength));
                if (n != rawLength) throw new InvalidDataException($"decompressed {n} bytes, header says {rawLength}");
                return Checked(ChunkPage.DecodeToXor(raw.AsSpan(0, rawLength)), entry);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(raw);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static DecodedPage Checked(DecodedPage page, PageEntry entry) => page.ChunkCount == entry.ChunkCount ? page
        : throw new InvalidDataException($"page holds {page.ChunkCount} chunks, the index says {entry.ChunkCount}");

    public void Dispose()
    {
        _handle.Dispose();
        _cache.RemoveOwner(_owner);
    }
}
