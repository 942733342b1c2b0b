using Vigil.Metrics.Model;

namespace Vigil.Metrics.Tsdb.Head;

/// <summary>A sample as staged by an appender and written to the WAL.</summary>
internal readonly record struct RefSample(ulong Ref, long T, double V);

/// <summary>
/// Where the head makes a commit durable before applying it (the WAL). <see cref="LogAsync"/> returns once
/// the records are written per the sync policy; it throws <see cref="IOException"/> when they cannot be
/// (disk full), and then nothing of the batch is applied. Called concurrently by committing appenders.
/// </summary>
internal interface IHeadLog
{
    ValueTask LogAsync(IReadOnlyList<MemSeries> newSeries, IReadOnlyList<RefSample> samples,
        IReadOnlyList<(MemSeries Series, MetricMetadata Metadata)> metadata, CancellationToken cancellationToken);
}

/// <summary>No durability (tests, and the latest-value store).</summary>
internal sealed class NullHeadLog : IHeadLog
{
    public static NullHeadLog Instance { get; } = new();

    public ValueTask LogAsync(IReadOnlyList<MemSeries> newSeries, IReadOnlyList<RefSample> samples,
        IReadOnlyList<(MemSeries Series, MetricMetadata Metadata)> metadata, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
