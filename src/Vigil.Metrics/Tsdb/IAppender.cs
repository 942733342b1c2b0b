using Vigil.Metrics.Model;

namespace Vigil.Metrics.Tsdb;

/// <summary>
/// A batch of writes into the TSDB (Prometheus <c>storage.Appender</c>). Nothing is visible to
/// queries or durable until <see cref="CommitAsync"/> returns: commit writes the batch to the WAL
/// (fsync per the configured policy) and then publishes it to the head, so a half-applied batch never
/// reaches the index. One appender is used by one thread; create one per request or scrape.
/// </summary>
public interface IAppender
{
    /// <summary>
    /// Stages a float sample. <paramref name="seriesRef"/> is a hint from an earlier append of the same
    /// labels (0 when unknown); the returned ref may be cached by the caller for the next append.
    /// A failed append stages nothing; the others in the batch stay staged.
    /// </summary>
    AppendStatus Append(ref ulong seriesRef, Labels labels, long timestampMs, double value);

    /// <summary>Records type, help and unit for the series' metric family (kept in the head and the WAL).</summary>
    void UpdateMetadata(Labels labels, MetricMetadata metadata);

    /// <summary>Makes everything staged durable and visible. Throws <see cref="IOException"/> when the WAL cannot be written (nothing is published then).</summary>
    ValueTask CommitAsync(CancellationToken cancellationToken = default);

    /// <summary>Drops everything staged.</summary>
    void Rollback();
}

/// <summary>Something that hands out appenders: the TSDB, or a fan-out in tests.</summary>
public interface IAppendable
{
    IAppender Appender();
}
