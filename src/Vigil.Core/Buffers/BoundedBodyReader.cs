using System.IO.Compression;

namespace Vigil.Core.Buffers;

/// <summary>Why a request body could not be read.</summary>
public enum BodyReadError
{
    None,

    /// <summary>The body, or what it decompresses to, is larger than the limit.</summary>
    TooLarge,

    /// <summary>The Content-Encoding is not one the server decodes.</summary>
    UnsupportedEncoding,

    /// <summary>The compressed stream is corrupt.</summary>
    CorruptCompression,
}

/// <summary>
/// Reads a whole request body into a <see cref="PooledBuffer"/>, decompressing gzip/deflate on the way,
/// and stops as soon as the decompressed size passes the limit: a gzip bomb costs at most the limit in
/// memory, never its expanded size.
/// </summary>
public static class BoundedBodyReader
{
    public static async Task<(PooledBuffer? Body, BodyReadError Error, string Message)> ReadAsync(
        Stream body, string? contentEncoding, long limit, CancellationToken cancellationToken)
    {
        Stream source = body;
        string encoding = (contentEncoding ?? string.Empty).Trim().ToLowerInvariant();
        switch (encoding)
        {
            case "" or "identity":
                break;
            case "gzip" or "x-gzip":
                source = new GZipStream(body, CompressionMode.Decompress, leaveOpen: true);
                break;
            case "deflate":
                source = new ZLibStream(body, CompressionMode.Decompress, leaveOpen: true);
                break;
            default:
                return (null, BodyReadError.UnsupportedEncoding,
                    $"unsupported Content-Encoding \"{contentEncoding}\", supported: [gzip, deflate, identity]");
        }

        var buffer = new PooledBuffer();
        try
        {
            while (true)
            {
                var memory = buffer.GetMemory(16 * 1024);
                int read = await source.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                buffer.Advance(read);
                if (buffer.Length > limit)
                {
                    buffer.Dispose();
                    string what = source == body ? "request body" : "decompressed request body";
                    return (null, BodyReadError.TooLarge, $"{what} exceeds the limit of {limit} bytes");
                }
            }
            return (buffer, BodyReadError.None, string.Empty);
        }
        catch (InvalidDataException e)
        {
            buffer.Dispose();
            return (null, BodyReadError.CorruptCompression, $"cannot decompress {encoding} body: {e.Message}");
        }
        finally
        {
            if (source != body)
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
