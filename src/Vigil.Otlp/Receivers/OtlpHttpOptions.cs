namespace Vigil.Otlp.Receivers;

/// <summary>Settings of the OTLP/HTTP receiver (port 4318).</summary>
public sealed class OtlpHttpOptions
{
    /// <summary>Largest accepted body after decompression; the OTLP spec recommends 64 MiB.</summary>
    public long MaxRequestBodySize { get; init; } = 64L << 20;
}
