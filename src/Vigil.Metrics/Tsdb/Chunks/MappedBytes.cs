using System.Buffers;

namespace Vigil.Metrics.Tsdb.Chunks;

/// <summary>
/// Bytes outside the managed heap (a memory-mapped file) handed out as <see cref="Memory{T}"/>, so a chunk read
/// in place looks like any other chunk. <see cref="XorIterator"/> recognises it and decodes through the pointer
/// instead of copying. The owner keeps the mapping alive while any slice may be read (leases, see
/// <see cref="Head.HeadChunkFiles"/>); this type does not own it.
/// </summary>
internal sealed unsafe class MappedBytes(byte* pointer, int length) : MemoryManager<byte>
{
    public byte* Pointer { get; } = pointer;
    public int Length { get; } = length;

    public override Span<byte> GetSpan() => new(Pointer, Length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(Pointer + elementIndex);

    public override void Unpin() { }

    protected override void Dispose(bool disposing) { }
}
