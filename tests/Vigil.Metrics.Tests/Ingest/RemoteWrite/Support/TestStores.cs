using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb;
using Vigil.Metrics.Tsdb.Head;

namespace Vigil.Metrics.Tests.Ingest.RemoteWrite.Support;

/// <summary>A clock stopped at one instant.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>A WAL on a full disk: every commit fails, as <see cref="IHeadLog"/> documents.</summary>
internal sealed class FullDiskLog : IHeadLog
{
    public ValueTask<int> LogAsync(IReadOnlyList<MemSeries> newSeries, IReadOnlyList<RefSample> samples,
        IReadOnlyList<(string Family, MetricMetadata Metadata)> metadata, CancellationToken cancellationToken) =>
        ValueTask.FromException<int>(new IOException("write /data/wal/00000001: no space left on device"));

    public void Applied(int ticket) { }
}

/// <summary>A store that stops taking samples after <paramref name="accept"/> appends (ingestion stopped).</summary>
internal sealed class StoppingStore(int accept) : IAppendable
{
    public int Committed, RolledBack, Appended;

    private int Accept => accept;

    public IAppender Appender() => new StoppingAppender(this);

    private sealed class StoppingAppender(StoppingStore store) : IAppender
    {
        private int _staged;

        public AppendStatus Append(ref ulong seriesRef, Labels labels, long timestampMs, double value)
        {
            if (store.Appended >= store.Accept)
            {
                return AppendStatus.Unavailable;
            }
            store.Appended++;
            _staged++;
            return AppendStatus.Ok;
        }

        public void UpdateMetadata(Labels labels, MetricMetadata metadata) { }

        public ValueTask CommitAsync(CancellationToken cancellationToken = default)
        {
            store.Committed += _staged;
            return ValueTask.CompletedTask;
        }

        public void Rollback()
        {
            store.RolledBack += _staged;
            _staged = 0;
        }
    }
}
