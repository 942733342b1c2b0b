using Vigil.Otlp.Model;

namespace Vigil.Collector.Exporters;

/// <summary>
/// The end of a pipeline: a local store, a remote endpoint, or the debug log. The pipeline calls one
/// exporter from one task per signal, so calls for the same signal never overlap; calls for different
/// signals may. A batch holds whole requests as they arrived. An exporter that throws loses that batch
/// (it is counted as send_failed); retrying is the exporter's own business (a retry queue, a WAL).
/// </summary>
/// <remarks>
/// To add an exporter: implement this interface, give it a <see cref="Name"/> (the <c>exporter</c> label
/// of otelcol_exporter_* metrics), and add it to the list the host passes to the pipeline.
/// </remarks>
public interface IExporter
{
    string Name { get; }

    ValueTask ExportTracesAsync(IReadOnlyList<TracesData> batch, CancellationToken cancellationToken);

    ValueTask ExportMetricsAsync(IReadOnlyList<MetricsData> batch, CancellationToken cancellationToken);

    ValueTask ExportLogsAsync(IReadOnlyList<LogsData> batch, CancellationToken cancellationToken);
}
