namespace Vigil.Collector.Pipeline;

/// <summary>Settings of the pipeline between receivers and exporters (the collector's batch and memory_limiter processors).</summary>
public sealed class PipelineOptions
{
    /// <summary>Items (spans, data points, log records) after which a batch is sent; the collector's default is 8192.</summary>
    public int SendBatchSize { get; init; } = 8192;

    /// <summary>How long a batch waits to fill before it is sent anyway; the collector's default is 200ms.</summary>
    public TimeSpan BatchTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Most decoded data the pipeline holds before refusing new requests (429 / RESOURCE_EXHAUSTED). Sizes
    /// are estimated from wire bytes (see <see cref="MemoryLimiter"/>).
    /// </summary>
    public long MemoryLimitBytes { get; init; } = 512L << 20;

    /// <summary>What refused senders are told to wait before retrying.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(5);
}
