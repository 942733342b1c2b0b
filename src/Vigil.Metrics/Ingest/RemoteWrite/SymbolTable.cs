using System.Text.Unicode;
using Vigil.Core.Text;

namespace Vigil.Metrics.Ingest.RemoteWrite;

/// <summary>
/// The <c>symbols</c> of a 2.0 request, kept as ranges of the decompressed body and turned into strings
/// only when a reference uses them (once per request each, through a bounded string cache). A help text
/// that no series' metadata points at is never decoded.
/// </summary>
internal sealed class SymbolTable
{
    private (int Offset, int Length)[] _ranges = new (int, int)[256];
    private string?[] _strings = new string?[256];
    private bool[] _invalidUtf8 = new bool[256];

    public int Count { get; private set; }

    public void Reset()
    {
        Array.Clear(_strings, 0, Count);
        Count = 0;
    }

    public void Add(int offset, int length)
    {
        if (Count == _ranges.Length)
        {
            int size = _ranges.Length * 2;
            Array.Resize(ref _ranges, size);
            Array.Resize(ref _strings, size);
            Array.Resize(ref _invalidUtf8, size);
        }
        _ranges[Count++] = (offset, length);
    }

    public ReadOnlySpan<byte> Bytes(int index, ReadOnlySpan<byte> data)
    {
        var (offset, length) = _ranges[index];
        return data.Slice(offset, length);
    }

    /// <summary>The string for a reference; false when the reference is outside the table.</summary>
    public bool TryGet(uint reference, ReadOnlySpan<byte> data, Utf8StringCache cache, out string value, out bool invalidUtf8)
    {
        if (reference >= (uint)Count)
        {
            value = string.Empty;
            invalidUtf8 = false;
            return false;
        }
        int index = (int)reference;
        var cached = _strings[index];
        if (cached is null)
        {
            var bytes = Bytes(index, data);
            _invalidUtf8[index] = !Utf8.IsValid(bytes);
            cached = _strings[index] = cache.Get(bytes);
        }
        value = cached;
        invalidUtf8 = _invalidUtf8[index];
        return true;
    }
}
