namespace Vigil.Otlp.Json;

/// <summary>
/// An OTLP/JSON payload is malformed: invalid JSON, a wrong token type for a field, a bad id or an out-of-range
/// number. The message names the JSON path and byte offset, so a receiver can return it to the sender as the
/// reason for a 400.
/// </summary>
public sealed class OtlpJsonException : Exception
{
    public OtlpJsonException(string message) : base(message) { }

    public OtlpJsonException(string message, Exception? innerException) : base(message, innerException) { }

    public OtlpJsonException(string message, string path, long byteOffset, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
        ByteOffset = byteOffset;
    }

    public OtlpJsonException() { }

    /// <summary>Where the problem is, for example <c>resourceSpans[0].scopeSpans[0].spans[1].traceId</c>.</summary>
    public string Path { get; } = string.Empty;

    /// <summary>Offset in the UTF-8 input of the offending token, or -1 when unknown.</summary>
    public long ByteOffset { get; } = -1;
}
