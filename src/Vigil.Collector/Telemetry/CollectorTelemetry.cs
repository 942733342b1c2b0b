using Prometheus;
using Vigil.Otlp.Receivers;

namespace Vigil.Collector.Telemetry;

/// <summary>
/// The collector's own metrics, served on 9464 in Prometheus text format. Names follow the OpenTelemetry
/// Collector's internal telemetry as its Prometheus endpoint shows them today (counters carry the
/// <c>_total</c> suffix: <c>otelcol_receiver_accepted_spans_total{receiver,transport}</c>), so dashboards
/// built for the collector work. Process and .NET runtime metrics come from prometheus-net.
/// One instance per host, with its own registry, so several hosts in one process do not mix counts.
/// </summary>
public sealed class CollectorTelemetry
{
    private readonly Counter _acceptedSpans;
    private readonly Counter _refusedSpans;
    private readonly Counter _acceptedPoints;
    private readonly Counter _refusedPoints;
    private readonly Counter _acceptedLogs;
    private readonly Counter _refusedLogs;
    private readonly Counter _refusedRequests;
    private readonly Counter _sentSpans;
    private readonly Counter _failedSpans;
    private readonly Counter _sentPoints;
    private readonly Counter _failedPoints;
    private readonly Counter _sentLogs;
    private readonly Counter _failedLogs;

    public CollectorTelemetry(bool includeProcessMetrics = true)
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        string[] receiverLabels = ["receiver", "transport"];
        string[] exporterLabels = ["exporter"];
        _acceptedSpans = factory.CreateCounter("otelcol_receiver_accepted_spans_total",
            "Number of spans successfully pushed into the pipeline.", receiverLabels);
        _refusedSpans = factory.CreateCounter("otelcol_receiver_refused_spans_total",
            "Number of spans that could not be pushed into the pipeline.", receiverLabels);
        _acceptedPoints = factory.CreateCounter("otelcol_receiver_accepted_metric_points_total",
            "Number of metric points successfully pushed into the pipeline.", receiverLabels);
        _refusedPoints = factory.CreateCounter("otelcol_receiver_refused_metric_points_total",
            "Number of metric points that could not be pushed into the pipeline.", receiverLabels);
        _acceptedLogs = factory.CreateCounter("otelcol_receiver_accepted_log_records_total",
            "Number of log records successfully pushed into the pipeline.", receiverLabels);
        _refusedLogs = factory.CreateCounter("otelcol_receiver_refused_log_records_total",
            "Number of log records that could not be pushed into the pipeline.", receiverLabels);
        _refusedRequests = factory.CreateCounter("vigil_receiver_refused_requests_total",
            "Requests refused before decoding because the pipeline was over its memory limit.", ["receiver", "transport", "signal"]);
        _sentSpans = factory.CreateCounter("otelcol_exporter_sent_spans_total",
            "Number of spans successfully sent to destination.", exporterLabels);
        _failedSpans = factory.CreateCounter("otelcol_exporter_send_failed_spans_total",
            "Number of spans in failed attempts to send to destination.", exporterLabels);
        _sentPoints = factory.CreateCounter("otelcol_exporter_sent_metric_points_total",
            "Number of metric points successfully sent to destination.", exporterLabels);
        _failedPoints = factory.CreateCounter("otelcol_exporter_send_failed_metric_points_total",
            "Number of metric points in failed attempts to send to destination.", exporterLabels);
        _sentLogs = factory.CreateCounter("otelcol_exporter_sent_log_records_total",
            "Number of log records successfully sent to destination.", exporterLabels);
        _failedLogs = factory.CreateCounter("otelcol_exporter_send_failed_log_records_total",
            "Number of log records in failed attempts to send to destination.", exporterLabels);
        MemoryUsed = factory.CreateGauge("vigil_pipeline_memory_used_bytes",
            "Estimated bytes of decoded telemetry queued in the pipeline.");
        MemoryLimit = factory.CreateGauge("vigil_pipeline_memory_limit_bytes",
            "Memory limit of the pipeline; above it receivers refuse data.");
        // Publish the OTLP receivers' series at 0, so rate() works from the first scrape.
        foreach (var transport in new[] { "grpc", "http" })
        {
            foreach (var counter in new[] { _acceptedSpans, _refusedSpans, _acceptedPoints, _refusedPoints, _acceptedLogs, _refusedLogs })
            {
                counter.WithLabels("otlp", transport).Publish();
            }
        }
        if (includeProcessMetrics)
        {
            DotNetStats.Register(Registry);
        }
    }

    public CollectorRegistry Registry { get; }

    public Gauge MemoryUsed { get; }

    public Gauge MemoryLimit { get; }

    public void Accepted(TelemetrySignal signal, ReceiverContext context, long items)
    {
        if (items > 0)
        {
            Receiver(signal, accepted: true).WithLabels(context.Receiver, context.Transport).Inc(items);
        }
    }

    public void Refused(TelemetrySignal signal, ReceiverContext context, long items)
    {
        if (items > 0)
        {
            Receiver(signal, accepted: false).WithLabels(context.Receiver, context.Transport).Inc(items);
        }
    }

    public void RefusedRequest(TelemetrySignal signal, ReceiverContext context) =>
        _refusedRequests.WithLabels(context.Receiver, context.Transport, SignalLabel(signal)).Inc();

    public void Sent(TelemetrySignal signal, string exporter, long items, bool failed)
    {
        var counter = signal switch
        {
            TelemetrySignal.Traces => failed ? _failedSpans : _sentSpans,
            TelemetrySignal.Metrics => failed ? _failedPoints : _sentPoints,
            _ => failed ? _failedLogs : _sentLogs,
        };
        counter.WithLabels(exporter).Inc(items);
    }

    private Counter Receiver(TelemetrySignal signal, bool accepted) => signal switch
    {
        TelemetrySignal.Traces => accepted ? _acceptedSpans : _refusedSpans,
        TelemetrySignal.Metrics => accepted ? _acceptedPoints : _refusedPoints,
        _ => accepted ? _acceptedLogs : _refusedLogs,
    };

    private static string SignalLabel(TelemetrySignal signal) => signal switch
    {
        TelemetrySignal.Traces => "traces",
        TelemetrySignal.Metrics => "metrics",
        _ => "logs",
    };
}
