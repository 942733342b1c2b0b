namespace Vigil.Metrics.Tsdb;

/// <summary>
/// Outcome of one append. The non-OK values are Prometheus's storage errors (their messages are
/// <see cref="AppendStatusText.Message"/>); senders get them as 400s, scrapes count them.
/// </summary>
public enum AppendStatus : byte
{
    Ok = 0,
    /// <summary>"out of order sample": older than the series' newest sample and outside the out-of-order window.</summary>
    OutOfOrder,
    /// <summary>"duplicate sample for timestamp": same timestamp, different value.</summary>
    DuplicateTimestamp,
    /// <summary>"out of bounds": before the head's minimum valid time (already cut into a block) or too far in the future.</summary>
    OutOfBounds,
    /// <summary>"too old sample": older than the out-of-order window allows.</summary>
    TooOld,
    /// <summary>The label set is invalid (see <c>LabelValidation</c>).</summary>
    InvalidLabels,
    /// <summary>Ingestion is stopped (disk full, shutting down); retry later.</summary>
    Unavailable,
}

public static class AppendStatusText
{
    public static string Message(AppendStatus status) => status switch
    {
        AppendStatus.Ok => "ok",
        AppendStatus.OutOfOrder => "out of order sample",
        AppendStatus.DuplicateTimestamp => "duplicate sample for timestamp",
        AppendStatus.OutOfBounds => "out of bounds",
        AppendStatus.TooOld => "too old sample",
        AppendStatus.InvalidLabels => "invalid labels",
        _ => "storage unavailable",
    };
}
