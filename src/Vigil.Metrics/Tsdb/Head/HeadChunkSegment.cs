using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;
using Vigil.Metrics.Tsdb.Chunks;

namespace Vigil.Metrics.Tsdb.Head;

/// <summary>
/// One file of <see cref="HeadChunkFiles"/>: created at its full size (sparse, so only written bytes take
/// disk), written with positioned writes and mapped read-only over its whole length, so bytes written after
/// the mapping was made are readable through it at once (one page cache serves both).
/// </summary>
internal sealed unsafe class HeadChunkSegment : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private long _written;

    private HeadChunkSegment(string path, int slot, SafeFileHandle handle, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* pointer, int size)
    {
        Path = path;
        Slot = slot;
        Handle = handle;
        _map = map;
        _view = view;
        Bytes = new MappedBytes(pointer, size);
    }

    public string Path { get; }

    /// <summary>Index in the owner's slot table, part of every chunk reference into this file.</summary>
    public int Slot { get; }

    public SafeFileHandle Handle { get; }

    /// <summary>The whole file, mapped.</summary>
    public MappedBytes Bytes { get; }

    /// <summary>Bytes [0, Written) are in the file; later chunks wait in the owner's write buffer.</summary>
    public long Written
    {
        get => Volatile.Read(ref _written);
        set => Volatile.Write(ref _written, value);
    }

    /// <summary>Newest sample time of any chunk in the file (under the owner's lock): once the head is truncated past it, no series refers to the file.</summary>
    public long MaxT { get; set; } = long.MinValue;

    public static HeadChunkSegment Create(string path, int slot, int size)
    {
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
        MemoryMappedFile? map = null;
        try
        {
            RandomAccess.SetLength(handle, size);
            map = MemoryMappedFile.CreateFromFile(handle, null, size, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
            var view = map.CreateViewAccessor(0, size, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            return new HeadChunkSegment(path, slot, handle, map, view, pointer + view.PointerOffset, size);
        }
        catch
        {
            map?.Dispose();
            handle.Dispose();
            TryDelete(path);
            throw;
        }
    }

    /// <summary>Unmaps, closes and deletes the file. Only when no reader can hold a slice of <see cref="Bytes"/>.</summary>
    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
        Handle.Dispose();
        TryDelete(Path);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // the next start clears the directory
    }
}
