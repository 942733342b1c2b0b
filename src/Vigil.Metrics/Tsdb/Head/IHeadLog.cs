using Vigil.Metrics.Model;

namespace Vigil.Metrics.Tsdb.Head;

/// <summary>A sample as staged by an appender and written to the WAL.</summary>
internal readonly record struct RefSample(ulong Ref, long T, double V);

/// <summary>
/// Where the head makes a commit durable before applying it (the WAL). <see cref="LogAsync"/> returns once
/// the records are written per the sync policy; it throws <see cref="IOException"/> when they cannot be
/// (disk full), and then nothing of the batch is applied. Called concurrently by committing appenders.
/// The returned ticket goes back to <see cref="Applied"/> once the batch is in the head, which lets a
/// checkpoint wait until everything logged before it is visible in memory.
/// </summary>
internal interface IHeadLog
{
    ValueTask<int> LogAsync(IReadOnlyList<MemSeries> newSeries, IReadOnlyList<RefSample> samples,
        IReadOnlyList<(string Family, MetricMetadata Metadata)> metadata, CancellationToken cancellationToken);

    void Applied(int ticket);
}

/// <summary>No durability (tests, and the latest-value store).</summary>
internal sealed class NullHeadLog : IHeadLog
{
    public static NullHeadLog Instance { get; } = new();

    public ValueTask<int> LogAsync(IReadOnlyList<MemSeries> newSeries, IReadOnlyList<RefSample> samples,
        IReadOnlyList<(string Family, MetricMetadata Metadata)> metadata, CancellationToken cancellationToken) => ValueTask.FromResult(0);

    public void Applied(int ticket) { }
}
