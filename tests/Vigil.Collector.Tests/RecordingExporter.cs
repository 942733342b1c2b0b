using System.Collections.Concurrent;
using Vigil.Collector.Exporters;
using Vigil.Otlp.Model;

namespace Vigil.Collector.Tests;

/// <summary>Keeps every batch it is given; can be told to fail or to block until released.</summary>
internal sealed class RecordingExporter : IExporter
{
    public ConcurrentQueue<IReadOnlyList<TracesData>> TraceBatches { get; } = new();

    public ConcurrentQueue<IReadOnlyList<LogsData>> LogBatches { get; } = new();

    public ConcurrentQueue<IReadOnlyList<MetricsData>> MetricBatches { get; } = new();

    public bool Fail { get; set; }

    public TaskCompletionSource? Gate { get; set; }

    public string Name => "recording";

    public async ValueTask ExportTracesAsync(IReadOnlyList<TracesData> batch, CancellationToken cancellationToken)
    {
        if (Gate is { } gate) await gate.Task.WaitAsync(cancellationToken);
        if (Fail) throw new InvalidOperationException("exporter down");
        TraceBatches.Enqueue([.. batch]);
    }

    public ValueTask ExportMetricsAsync(IReadOnlyList<MetricsData> batch, CancellationToken cancellationToken)
    {
        MetricBatches.Enqueue([.. batch]);
        return ValueTask.CompletedTask;
    }

    public ValueTask ExportLogsAsync(IReadOnlyList<LogsData> batch, CancellationToken cancellationToken)
    {
        LogBatches.Enqueue([.. batch]);
        return ValueTask.CompletedTask;
    }
}
