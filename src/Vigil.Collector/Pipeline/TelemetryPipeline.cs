using Microsoft.Extensions.Logging;
using Vigil.Collector.Exporters;
using Vigil.Collector.Telemetry;
using Vigil.Otlp.Model;
using Vigil.Otlp.Receivers;

namespace Vigil.Collector.Pipeline;

/// <summary>
/// The collector pipeline: receivers -> validation -> memory limiter -> batching -> exporters, one queue
/// per signal sharing one memory budget. Implements <see cref="ITelemetrySink"/> for the receivers and
/// counts what it accepts and refuses in <see cref="CollectorTelemetry"/>. Start it before the receivers
/// listen; <see cref="StopAsync"/> after they stopped flushes what is queued.
/// </summary>
public sealed class TelemetryPipeline : ITelemetrySink
{
    private readonly PipelineOptions _options;
    private readonly MemoryLimiter _limiter;
    private readonly CollectorTelemetry _telemetry;
    private readonly ILogger _logger;
    private readonly SignalQueue<TracesData> _traces;
    private readonly SignalQueue<MetricsData> _metrics;
    private readonly SignalQueue<LogsData> _logs;
    private long _lastLimitWarning;

    public TelemetryPipeline(PipelineOptions options, IReadOnlyList<IExporter> exporters, CollectorTelemetry telemetry, ILogger<TelemetryPipeline> logger)
    {
        _options = options;
        _limiter = new MemoryLimiter(options.MemoryLimitBytes);
        _telemetry = telemetry;
        _logger = logger;
        telemetry.MemoryLimit.Set(options.MemoryLimitBytes);
        _traces = new(TelemetrySignal.Traces, options, _limiter, exporters, static (e, b, c) => e.ExportTracesAsync(b, c), telemetry, logger);
        _metrics = new(TelemetrySignal.Metrics, options, _limiter, exporters, static (e, b, c) => e.ExportMetricsAsync(b, c), telemetry, logger);
        _logs = new(TelemetrySignal.Logs, options, _limiter, exporters, static (e, b, c) => e.ExportLogsAsync(b, c), telemetry, logger);
    }

    public bool HasCapacity => _limiter.HasCapacity;

    public TimeSpan RetryAfter => _options.RetryAfter;

    internal MemoryLimiter Limiter => _limiter;

    public void Start()
    {
        _traces.Start();
        _metrics.Start();
        _logs.Start();
    }

    /// <summary>Exports everything queued, within the time <paramref name="cancellationToken"/> allows.</summary>
    public Task StopAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_traces.DrainAsync(cancellationToken), _metrics.DrainAsync(cancellationToken), _logs.DrainAsync(cancellationToken));

    public ConsumeResult ConsumeTraces(TracesData data, long wireBytes, ReceiverContext context)
    {
        int rejected = SpanValidator.RemoveInvalid(data, out string message);
        return Enqueue(_traces, TelemetrySignal.Traces, data, data.SpanCount, rejected, message, wireBytes, context);
    }

    public ConsumeResult ConsumeMetrics(MetricsData data, long wireBytes, ReceiverContext context) =>
        Enqueue(_metrics, TelemetrySignal.Metrics, data, data.DataPointCount, 0, string.Empty, wireBytes, context);

    public ConsumeResult ConsumeLogs(LogsData data, long wireBytes, ReceiverContext context) =>
        Enqueue(_logs, TelemetrySignal.Logs, data, data.LogRecordCount, 0, string.Empty, wireBytes, context);

    public void RecordRefusedRequest(TelemetrySignal signal, ReceiverContext context)
    {
        _telemetry.RefusedRequest(signal, context);
        WarnLimit(signal);
    }

    private ConsumeResult Enqueue<T>(SignalQueue<T> queue, TelemetrySignal signal, T data, int items, int rejected, string message,
        long wireBytes, ReceiverContext context) where T : class
    {
        if (items == 0)
        {
            _telemetry.Refused(signal, context, rejected);
            return rejected == 0 ? ConsumeResult.Accepted : ConsumeResult.Partial(rejected, message);
        }
        long bytes = MemoryLimiter.Estimate(wireBytes);
        if (!queue.TryEnqueue(data, items, bytes))
        {
            _telemetry.Refused(signal, context, items + rejected);
            WarnLimit(signal);
            return ConsumeResult.Refused("data refused: the pipeline is over its memory limit", _options.RetryAfter);
        }
        _telemetry.MemoryUsed.Set(_limiter.UsedBytes);
        _telemetry.Accepted(signal, context, items);
        if (rejected == 0)
        {
            return ConsumeResult.Accepted;
        }
        _telemetry.Refused(signal, context, rejected);
        return ConsumeResult.Partial(rejected, message);
    }

    /// <summary>Logs the limit at most every 10 seconds, so an overloaded server does not also flood its log.</summary>
    private void WarnLimit(TelemetrySignal signal)
    {
        long now = Environment.TickCount64;
        long last = Interlocked.Read(ref _lastLimitWarning);
        if (now - last > 10_000 && Interlocked.CompareExchange(ref _lastLimitWarning, now, last) == last)
        {
            PipelineLog.MemoryLimitReached(_logger, _limiter.UsedBytes, _limiter.LimitBytes, signal);
        }
    }
}
