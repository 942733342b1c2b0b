using Microsoft.Extensions.Logging;

namespace Vigil.Otlp.Receivers;

/// <summary>Receiver log events, one category per failure class with fixed event ids.</summary>
internal static partial class OtlpReceiverLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information,
        Message = "Rejected malformed OTLP request: {Transport} {Signal}: {Reason}")]
    public static partial void MalformedRequest(ILogger logger, string transport, TelemetrySignal signal, string reason);
}
