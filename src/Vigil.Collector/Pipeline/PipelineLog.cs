using Microsoft.Extensions.Logging;
using Vigil.Otlp.Receivers;

namespace Vigil.Collector.Pipeline;

internal static partial class PipelineLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning,
        Message = "Exporter {Exporter} failed to export {Items} {Signal} items: {Reason}")]
    public static partial void ExportFailed(ILogger logger, string exporter, TelemetrySignal signal, int items, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning,
        Message = "Shutdown timeout reached while draining the {Signal} queue; queued data was dropped")]
    public static partial void DrainAbandoned(ILogger logger, TelemetrySignal signal);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning,
        Message = "Pipeline over its memory limit ({UsedBytes} of {LimitBytes} bytes): refusing {Signal} data")]
    public static partial void MemoryLimitReached(ILogger logger, long usedBytes, long limitBytes, TelemetrySignal signal);
}
