using System.IO.MemoryMappedFiles;

namespace Vigil.Metrics.Tsdb.Wal;

/// <summary>
/// A WAL segment mapped read-only for replay. Mapping instead of reading the file into an array keeps a
/// 64 MiB segment out of the managed heap (it stays in the page cache, which the kernel reclaims), so
/// replay does not leave the process with large dead arrays and a high RSS.
/// </summary>
internal sealed unsafe class SegmentMapping : IDisposable
{
    private readonly MemoryMappedFile? _file;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _pointer;
    private readonly int _length;

    private SegmentMapping(MemoryMappedFile? file, MemoryMappedViewAccessor? view, byte* pointer, int length)
    {
        _file = file;
        _view = view;
        _pointer = pointer;
        _length = length;
    }

    public static SegmentMapping Open(string path)
    {
        long length = new FileInfo(path).Length;
        if (length == 0) return new SegmentMapping(null, null, null, 0);
        if (length > int.MaxValue) throw new IOException($"WAL segment {path} is larger than 2 GiB");
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        try
        {
            var view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            return new SegmentMapping(file, view, pointer + view.PointerOffset, (int)length);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public ReadOnlySpan<byte> Span => _length == 0 ? [] : new ReadOnlySpan<byte>(_pointer, _length);

    public void Dispose()
    {
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }
        _file?.Dispose();
    }
}
