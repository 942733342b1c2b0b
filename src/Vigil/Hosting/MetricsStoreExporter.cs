using Vigil.Collector.Exporters;
using Vigil.Metrics;
using Vigil.Otlp.Model;

namespace Vigil.Hosting;

/// <summary>
/// The collector pipeline's exporter into the local TSDB: OTLP metrics batches are translated the way
/// Prometheus translates OTLP and committed (docs/apis/prometheus-otlp.md). Traces and logs go to their
/// own stores (not this one). A batch is acknowledged to senders when it was queued, as in the
/// OpenTelemetry Collector; durability starts when this commit returns.
/// </summary>
internal sealed class MetricsStoreExporter(MetricsRole metrics) : IExporter
{
    public string Name => "tsdb";

    public ValueTask ExportTracesAsync(IReadOnlyList<TracesData> batch, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask ExportMetricsAsync(IReadOnlyList<MetricsData> batch, CancellationToken cancellationToken)
    {
        // The collector's doors open while the WAL replays; their batches wait in the queue until the store is open.
        if (!metrics.StoreOpened.IsCompletedSuccessfully)
        {
            await metrics.StoreOpened.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        await metrics.OtlpWriter.WriteAsync(batch, metrics.Db, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask ExportLogsAsync(IReadOnlyList<LogsData> batch, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
