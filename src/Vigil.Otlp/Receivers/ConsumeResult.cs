namespace Vigil.Otlp.Receivers;

public enum ConsumeStatus
{
    /// <summary>Everything was taken.</summary>
    Accepted,

    /// <summary>Some items were rejected for good (bad data); the rest was taken. Senders must not retry.</summary>
    PartiallyAccepted,

    /// <summary>Nothing was taken because the pipeline is full; the sender should retry after <see cref="ConsumeResult.RetryAfter"/>.</summary>
    Refused,
}

/// <summary>The sink's answer to one request, which receivers map to OTLP responses.</summary>
public readonly record struct ConsumeResult(ConsumeStatus Status, long Rejected, string Message, TimeSpan RetryAfter)
{
    public static ConsumeResult Accepted => new(ConsumeStatus.Accepted, 0, string.Empty, TimeSpan.Zero);

    public static ConsumeResult Partial(long rejected, string message) => new(ConsumeStatus.PartiallyAccepted, rejected, message, TimeSpan.Zero);

    public static ConsumeResult Refused(string message, TimeSpan retryAfter) => new(ConsumeStatus.Refused, 0, message, retryAfter);
}
