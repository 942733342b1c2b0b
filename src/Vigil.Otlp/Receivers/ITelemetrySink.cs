using Vigil.Otlp.Model;

namespace Vigil.Otlp.Receivers;

/// <summary>Where a receiver sits: the <c>receiver</c> and <c>transport</c> labels of the collector's metrics.</summary>
public readonly record struct ReceiverContext(string Receiver, string Transport);

/// <summary>
/// What receivers hand decoded telemetry to (the collector pipeline implements it). Calls are thread-safe
/// and never block on exporters: the sink either takes the data (all or part of it) or refuses it at once
/// so the receiver can push back on the sender. Once a call returns, the sink owns the data.
/// </summary>
public interface ITelemetrySink
{
    /// <summary>
    /// A cheap check before a request is read and decoded: false when the pipeline is over its memory
    /// limit, so a receiver can refuse without spending memory on the body.
    /// </summary>
    bool HasCapacity { get; }

    /// <summary>How long a refused sender should wait before retrying (the Retry-After / RetryInfo delay).</summary>
    TimeSpan RetryAfter { get; }

    ConsumeResult ConsumeTraces(TracesData data, long wireBytes, ReceiverContext context);

    ConsumeResult ConsumeMetrics(MetricsData data, long wireBytes, ReceiverContext context);

    ConsumeResult ConsumeLogs(LogsData data, long wireBytes, ReceiverContext context);

    /// <summary>Counts a request refused before it was decoded (over the memory limit), so its items are unknown.</summary>
    void RecordRefusedRequest(TelemetrySignal signal, ReceiverContext context);
}

public enum TelemetrySignal
{
    Traces,
    Metrics,
    Logs,
}
