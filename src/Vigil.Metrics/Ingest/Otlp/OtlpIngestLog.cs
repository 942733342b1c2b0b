using Microsoft.Extensions.Logging;

namespace Vigil.Metrics.Ingest.Otlp;

/// <summary>Log events of OTLP metric ingestion, one category per failure class with fixed ids.</summary>
internal static partial class OtlpIngestLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "OTLP metrics write refused with {Status}: {Reason}")]
    public static partial void WriteRefused(ILogger logger, int status, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "OTLP metrics commit failed: {Reason}")]
    public static partial void CommitFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Warnings translating OTLP metrics: {Warnings}")]
    public static partial void TranslationWarnings(ILogger logger, string warnings);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "OTLP metrics batch partly refused: {Rejected} samples refused, {TranslationErrors} metrics not translated, first error: {FirstError}")]
    public static partial void BatchPartlyRefused(ILogger logger, long rejected, int translationErrors, string firstError);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "OTLP metrics request could not be decoded: {Reason}")]
    public static partial void MalformedRequest(ILogger logger, string reason);
}
