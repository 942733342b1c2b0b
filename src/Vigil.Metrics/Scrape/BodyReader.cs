using System.Buffers;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// Reads a scrape response body into one exactly-sized array, stopping at the body size limit
/// (Prometheus fails when the body reaches the limit: <c>n &gt;= bodySizeLimit</c>). Chunks are rented.
/// </summary>
internal static class BodyReader
{
    /// <summary>The body, or null when it reached <paramref name="limit"/> bytes.</summary>
    public static async Task<byte[]?> ReadAsync(Stream stream, long? contentLength, long limit, CancellationToken cancellationToken)
    {
        if (contentLength is long known && known >= limit) return null;
        int initial = contentLength is long n and > 0 and < int.MaxValue ? (int)n + 1 : 64 * 1024;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(initial);
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                int read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0) break;
                length += read;
                if (length >= limit) return null;
            }
            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
