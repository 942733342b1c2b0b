using Snappier;

namespace Vigil.Metrics.Ingest.RemoteWrite;

/// <summary>Settings of the remote write receiver (<c>POST /api/v1/write</c>). Immutable once the handler is built.</summary>
internal sealed class RemoteWriteOptions
{
    /// <summary>32 MiB, the body limit Prometheus' own OTLP receiver applies (remote write itself has none).</summary>
    public const int DefaultMaxDecompressedBytes = 32 << 20;

    /// <summary>
    /// Largest decompressed protobuf body. Checked against the length in the snappy header before
    /// anything is allocated; a larger request gets 413.
    /// </summary>
    public int MaxDecompressedBytes { get; init; } = DefaultMaxDecompressedBytes;

    /// <summary>Largest compressed body: snappy's worst-case size for <see cref="MaxDecompressedBytes"/>.</summary>
    public long MaxRequestBodyBytes => Snappy.GetMaxCompressedLength(MaxDecompressedBytes);

    /// <summary>Accept 1.0 <c>prometheus.WriteRequest</c> (Prometheus' <c>--web.remote-write-receiver.accepted-protobuf-messages</c>).</summary>
    public bool AcceptV1 { get; init; } = true;

    /// <summary>Accept 2.0 <c>io.prometheus.write.v2.Request</c>.</summary>
    public bool AcceptV2 { get; init; } = true;

    /// <summary>
    /// Samples further ahead of the clock are out of bounds (storage/remote/write_handler.go
    /// <c>maxAheadTime</c>, 10 minutes).
    /// </summary>
    public TimeSpan MaxAheadTime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The clock for <see cref="MaxAheadTime"/> (tests move it).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    public void Validate()
    {
        if (MaxDecompressedBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDecompressedBytes), MaxDecompressedBytes, "must be positive");
        }
        if (MaxAheadTime < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAheadTime), MaxAheadTime, "must not be negative");
        }
        if (!AcceptV1 && !AcceptV2)
        {
            throw new ArgumentException("at least one of AcceptV1 and AcceptV2 must be set", nameof(AcceptV1));
        }
    }
}
