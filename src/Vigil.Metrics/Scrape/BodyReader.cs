using System.Buffers;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// Reads a scrape response body into a rented array, stopping at the body size limit (Prometheus fails
/// when the body reaches the limit: <c>n &gt;= bodySizeLimit</c>). The caller returns the array to
/// <see cref="ArrayPool{T}.Shared"/> when done with it; a loop's bodies thus cost no allocation once warm.
/// </summary>
internal static class BodyReader
{
    /// <summary>The body (rented buffer and length), or null when it reached <paramref name="limit"/> bytes.</summary>
    public static async Task<(byte[] Buffer, int Length)?> ReadAsync(Stream stream, long? contentLength, long limit, CancellationToken cancellationToken)
    {
        if (contentLength is long known && known >= limit) return null;
        int initial = contentLength is long n and > 0 and < int.MaxValue ? (int)n + 1 : 64 * 1024;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(initial);
        int length = 0;
        bool handedOut = false;
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
            handedOut = true;
            return (buffer, length);
        }
        finally
        {
            if (!handedOut) ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
