using Microsoft.Extensions.Logging;

namespace Vigil.Metrics.Ingest.RemoteWrite;

/// <summary>Log events of the remote write receiver (event ids 5201–5299), worded like Prometheus' write handler.</summary>
internal static partial class RemoteWriteLog
{
    [LoggerMessage(EventId = 5201, Level = LogLevel.Error, Message = "Error decoding remote write request: {Error}")]
    public static partial void RequestRefused(ILogger logger, int status, string error, string detail);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Warning,
        Message = "Invalid metric names or labels: skipped {Series} series, e.g. {Example}")]
    public static partial void InvalidLabels(ILogger logger, int series, string example, string reason);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Error, Message = "Out of order sample from remote write: {Error}")]
    public static partial void SampleRejected(ILogger logger, string error, string series, long timestamp);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Error, Message = "Error while remote writing the request: {Error}")]
    public static partial void WriteFailed(ILogger logger, string error, Exception? exception);

    [LoggerMessage(EventId = 5205, Level = LogLevel.Debug,
        Message = "Dropped {Histograms} native histogram samples and {Exemplars} exemplars: Vigil does not store them yet")]
    public static partial void Dropped(ILogger logger, int histograms, int exemplars);
}
