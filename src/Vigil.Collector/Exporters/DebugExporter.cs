using System.Text;
using Microsoft.Extensions.Logging;
using Vigil.Otlp.Model;

namespace Vigil.Collector.Exporters;

/// <summary>How much the debug exporter writes, as the collector's debug exporter has it.</summary>
public enum DebugVerbosity
{
    /// <summary>One line per batch with counts.</summary>
    Basic,

    /// <summary>One line per span, data point or log record.</summary>
    Normal,

    /// <summary>Every field, attributes included.</summary>
    Detailed,
}

/// <summary>
/// Writes what arrives to Vigil's log, like the OpenTelemetry Collector's <c>debug</c> exporter. It keeps
/// nothing, so it is the stand-in exporter until a signal's store exists, and a way to see raw input.
/// </summary>
public sealed class DebugExporter : IExporter
{
    private readonly DebugVerbosity _verbosity;
    private readonly ILogger _logger;

    public DebugExporter(DebugVerbosity verbosity, ILogger<DebugExporter> logger)
    {
        _verbosity = verbosity;
        _logger = logger;
    }

    public string Name => "debug";

    public ValueTask ExportTracesAsync(IReadOnlyList<TracesData> batch, CancellationToken cancellationToken)
    {
        int resources = 0, spans = 0;
        foreach (var data in batch)
        {
            resources += data.ResourceSpans.Length;
            spans += data.SpanCount;
        }
        DebugLog.Traces(_logger, resources, spans);
        if (_verbosity == DebugVerbosity.Basic)
        {
            return ValueTask.CompletedTask;
        }
        foreach (var data in batch)
        {
            foreach (var rs in data.ResourceSpans)
            {
                foreach (var ss in rs.ScopeSpans)
                {
                    foreach (var span in ss.Spans)
                    {
                        var line = new StringBuilder()
                            .Append("service=").Append(rs.Resource.ServiceName)
                            .Append(" trace_id=").Append(span.TraceId.ToHex())
                            .Append(" span_id=").Append(span.SpanId.ToHex())
                            .Append(" parent_span_id=").Append(span.ParentSpanId.IsEmpty ? "" : span.ParentSpanId.ToHex())
                            .Append(" name=").Append(span.Name)
                            .Append(" kind=").Append(span.Kind)
                            .Append(" duration_ms=").Append((span.EndTimeUnixNano - span.StartTimeUnixNano) / 1e6)
                            .Append(" status=").Append(span.Status.Code);
                        if (_verbosity == DebugVerbosity.Detailed)
                        {
                            AppendAttributes(line, span.Attributes);
                        }
                        DebugLog.Item(_logger, "span", line.ToString());
                    }
                }
            }
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask ExportMetricsAsync(IReadOnlyList<MetricsData> batch, CancellationToken cancellationToken)
    {
        int resources = 0, metrics = 0, points = 0;
        foreach (var data in batch)
        {
            resources += data.ResourceMetrics.Length;
            points += data.DataPointCount;
            foreach (var rm in data.ResourceMetrics)
            {
                foreach (var sm in rm.ScopeMetrics) metrics += sm.Metrics.Length;
            }
        }
        DebugLog.Metrics(_logger, resources, metrics, points);
        if (_verbosity == DebugVerbosity.Basic)
        {
            return ValueTask.CompletedTask;
        }
        foreach (var data in batch)
        {
            foreach (var rm in data.ResourceMetrics)
            {
                foreach (var sm in rm.ScopeMetrics)
                {
                    foreach (var metric in sm.Metrics)
                    {
                        var line = new StringBuilder()
                            .Append("service=").Append(rm.Resource.ServiceName)
                            .Append(" metric=").Append(metric.Name)
                            .Append(" type=").Append(metric.Type)
                            .Append(" unit=").Append(metric.Unit)
                            .Append(" points=").Append(metric.DataPointCount);
                        if (_verbosity == DebugVerbosity.Detailed)
                        {
                            foreach (var point in metric.NumberPoints)
                            {
                                line.Append(" value=").Append(point.Value.AsDouble);
                                AppendAttributes(line, point.Attributes);
                            }
                        }
                        DebugLog.Item(_logger, "metric", line.ToString());
                    }
                }
            }
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask ExportLogsAsync(IReadOnlyList<LogsData> batch, CancellationToken cancellationToken)
    {
        int resources = 0, records = 0;
        foreach (var data in batch)
        {
            resources += data.ResourceLogs.Length;
            records += data.LogRecordCount;
        }
        DebugLog.Logs(_logger, resources, records);
        if (_verbosity == DebugVerbosity.Basic)
        {
            return ValueTask.CompletedTask;
        }
        foreach (var data in batch)
        {
            foreach (var rl in data.ResourceLogs)
            {
                foreach (var sl in rl.ScopeLogs)
                {
                    foreach (var record in sl.LogRecords)
                    {
                        var line = new StringBuilder()
                            .Append("service=").Append(rl.Resource.ServiceName)
                            .Append(" severity=").Append(record.SeverityText.Length > 0 ? record.SeverityText : record.SeverityNumber.ToString())
                            .Append(" trace_id=").Append(record.TraceId.IsEmpty ? "" : record.TraceId.ToHex())
                            .Append(" body=").Append(record.Body.ToString());
                        if (_verbosity == DebugVerbosity.Detailed)
                        {
                            AppendAttributes(line, record.Attributes);
                        }
                        DebugLog.Item(_logger, "log", line.ToString());
                    }
                }
            }
        }
        return ValueTask.CompletedTask;
    }

    private static void AppendAttributes(StringBuilder line, KeyValue[] attributes)
    {
        foreach (var kv in attributes)
        {
            line.Append(' ').Append(kv.Key).Append('=').Append(kv.Value.ToString());
        }
    }
}

internal static partial class DebugLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Traces received: resource_spans={ResourceSpans} spans={Spans}")]
    public static partial void Traces(ILogger logger, int resourceSpans, int spans);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Metrics received: resource_metrics={ResourceMetrics} metrics={Metrics} data_points={Points}")]
    public static partial void Metrics(ILogger logger, int resourceMetrics, int metrics, int points);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Logs received: resource_logs={ResourceLogs} log_records={Records}")]
    public static partial void Logs(ILogger logger, int resourceLogs, int records);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "{Kind} {Detail}")]
    public static partial void Item(ILogger logger, string kind, string detail);
}
