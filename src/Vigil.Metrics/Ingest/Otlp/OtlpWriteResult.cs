using Vigil.Metrics.Tsdb;

namespace Vigil.Metrics.Ingest.Otlp;

/// <summary>How a translated request should end, in the order the handler checks them.</summary>
public enum OtlpWriteOutcome
{
    /// <summary>Everything translated and appended.</summary>
    Ok,

    /// <summary>Storage refused because it is stopping or full: retry later (503).</summary>
    Unavailable,

    /// <summary>Samples were out of order, out of bounds, duplicates or too old: a client error (400, as Prometheus).</summary>
    BadData,

    /// <summary>A metric could not be translated (bad temporality, bad name, ...): Prometheus ≥3.7 answers 500 and stores nothing.</summary>
    TranslationFailed,
}

/// <summary>
/// What one translation did: samples written, samples refused per <see cref="AppendStatus"/>, translation
/// errors and warnings, in Prometheus' wording. Errors are collected per metric (the first problem of each,
/// as upstream stops a metric at its first failed append) and capped so a hostile request cannot grow them.
/// Filled by one thread; read after the translation returns.
/// </summary>
public sealed class OtlpWriteResult
{
    /// <summary>At most this many error and warning messages are kept (the counters stay exact).</summary>
    public const int MaxMessages = 32;

    private readonly long[] _rejected = new long[Enum.GetValues<AppendStatus>().Length];
    private readonly List<string> _errors = [];
    private readonly List<string> _warnings = [];

    public long SamplesWritten { get; internal set; }

    public long SamplesRejected { get; private set; }

    /// <summary>Metrics (or resources, for target_info) that failed translation.</summary>
    public int TranslationErrors { get; private set; }

    /// <summary>Delta points dropped by the delta-to-cumulative conversion (out of order, older start, stream limit).</summary>
    public long DeltaPointsDropped { get; internal set; }

    public long Rejected(AppendStatus status) => _rejected[(int)status];

    public IReadOnlyList<string> Errors => _errors;

    public IReadOnlyList<string> Warnings => _warnings;

    public string? FirstError => _errors.Count > 0 ? _errors[0] : null;

    /// <summary>The errors joined by newlines, as Go's <c>errors.Join</c> prints them.</summary>
    public string ErrorText => string.Join('\n', _errors);

    public OtlpWriteOutcome Outcome
    {
        get
        {
            if (_rejected[(int)AppendStatus.Unavailable] > 0) return OtlpWriteOutcome.Unavailable;
            if (SamplesRejected > 0) return OtlpWriteOutcome.BadData;
            if (TranslationErrors > 0) return OtlpWriteOutcome.TranslationFailed;
            return OtlpWriteOutcome.Ok;
        }
    }

    internal void RecordRejected(AppendStatus status)
    {
        _rejected[(int)status]++;
        SamplesRejected++;
    }

    internal void AddTranslationError(string message)
    {
        TranslationErrors++;
        AddError(message);
    }

    internal void AddError(string message)
    {
        if (_errors.Count < MaxMessages) _errors.Add(message);
    }

    internal void AddWarning(string message)
    {
        if (_warnings.Count < MaxMessages) _warnings.Add(message);
    }
}
