using System.Buffers;

namespace Vigil.Core.Buffers;

/// <summary>
/// A growable byte buffer rented from <see cref="ArrayPool{T}"/>, for request bodies that must be held
/// whole (protobuf and JSON decoders want one contiguous span). One owner; dispose returns the array.
/// </summary>
public sealed class PooledBuffer : IDisposable
{
    private byte[] _array;

    public PooledBuffer(int initialCapacity = 4096)
    {
        _array = ArrayPool<byte>.Shared.Rent(Math.Max(256, initialCapacity));
    }

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _array.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, Length);

    /// <summary>Free space after the written bytes, at least <paramref name="sizeHint"/> long.</summary>
    public Memory<byte> GetMemory(int sizeHint = 4096)
    {
        if (_array.Length - Length < sizeHint)
        {
            var next = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, Length + sizeHint));
            _array.AsSpan(0, Length).CopyTo(next);
            ArrayPool<byte>.Shared.Return(_array);
            _array = next;
        }
        return _array.AsMemory(Length);
    }

    public void Advance(int count) => Length += count;

    public void Write(ReadOnlySpan<byte> data)
    {
        data.CopyTo(GetMemory(data.Length).Span);
        Length += data.Length;
    }

    public void Dispose()
    {
        var array = _array;
        _array = [];
        Length = 0;
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
