using Vigil.Core.Buffers;

namespace Vigil.Metrics.Ingest.RemoteWrite;

/// <summary>
/// Buffers for decompressed request bodies, kept for reuse. Decoding is synchronous, so about as many are
/// in use at once as threads decode, and a few kept ones serve a steady stream. The shared array pool held
/// one per thread and power-of-two size bucket instead (for this buffer and for Snappier's own, which
/// SnappyBlock no longer uses): 9 MB of 256 and 512 KiB arrays at 20,000 series, the largest item on the
/// heap after the head itself.
/// </summary>
internal sealed class DecompressionBuffers(int keep = 0)
{
    /// <summary>A buffer grown past this by one huge request is not kept.</summary>
    public const int MaxKeptLength = 4 << 20;

    private readonly BoundedPool<byte[]> _kept = new(keep);

    /// <summary>A kept buffer, or an empty one (SnappyBlock grows it to the body's size).</summary>
    public byte[] Rent() => _kept.TryRent(out var buffer) ? buffer : [];

    public void Return(byte[] buffer)
    {
        if (buffer.Length > 0 && buffer.Length <= MaxKeptLength)
        {
            _kept.Return(buffer);
        }
    }
}
