using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb;

namespace Vigil.Metrics.Ingest.Otlp;

/// <summary>
/// Tees an appender into <see cref="OtlpLatestValues"/>: accepted samples and metadata are kept aside and
/// published only after the inner commit succeeds, so the latest values never show data the store refused
/// or rolled back. Same threading contract as any appender: one thread.
/// </summary>
internal sealed class LatestValuesAppender(IAppender inner, OtlpLatestValues latest) : IAppender
{
    private readonly List<(Labels, long, double)> _samples = [];
    private readonly Dictionary<string, MetricMetadata> _metadata = new(StringComparer.Ordinal);

    public AppendStatus Append(ref ulong seriesRef, Labels labels, long timestampMs, double value)
    {
        var status = inner.Append(ref seriesRef, labels, timestampMs, value);
        if (status == AppendStatus.Ok) _samples.Add((labels, timestampMs, value));
        return status;
    }

    public void UpdateMetadata(Labels labels, MetricMetadata metadata)
    {
        inner.UpdateMetadata(labels, metadata);
        if (labels.Name.Length > 0) _metadata[labels.Name] = metadata;
    }

    public async ValueTask CommitAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await inner.CommitAsync(cancellationToken).ConfigureAwait(false);
            latest.Publish(_samples, _metadata);
        }
        finally
        {
            _samples.Clear();
            _metadata.Clear();
        }
    }

    public void Rollback()
    {
        inner.Rollback();
        _samples.Clear();
        _metadata.Clear();
    }
}
