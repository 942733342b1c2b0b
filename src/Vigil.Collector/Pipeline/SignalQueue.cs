using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vigil.Collector.Exporters;
using Vigil.Collector.Telemetry;
using Vigil.Otlp.Receivers;

namespace Vigil.Collector.Pipeline;

/// <summary>
/// The batching stage of one signal: receivers enqueue decoded requests, one consumer task groups them
/// into batches of up to <see cref="PipelineOptions.SendBatchSize"/> items or whatever arrived within
/// <see cref="PipelineOptions.BatchTimeout"/>, and hands each batch to every exporter in turn. Memory is
/// reserved in the shared <see cref="MemoryLimiter"/> on enqueue and released after export.
/// </summary>
internal sealed class SignalQueue<T> where T : class
{
    private readonly record struct Entry(T Data, int Items, long Bytes);

    private readonly Channel<Entry> _channel = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TelemetrySignal _signal;
    private readonly PipelineOptions _options;
    private readonly MemoryLimiter _limiter;
    private readonly IReadOnlyList<IExporter> _exporters;
    private readonly Func<IExporter, IReadOnlyList<T>, CancellationToken, ValueTask> _export;
    private readonly CollectorTelemetry _telemetry;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abort = new();
    private Task _loop = Task.CompletedTask;

    public SignalQueue(TelemetrySignal signal, PipelineOptions options, MemoryLimiter limiter, IReadOnlyList<IExporter> exporters,
        Func<IExporter, IReadOnlyList<T>, CancellationToken, ValueTask> export, CollectorTelemetry telemetry, ILogger logger)
    {
        _signal = signal;
        _options = options;
        _limiter = limiter;
        _exporters = exporters;
        _export = export;
        _telemetry = telemetry;
        _logger = logger;
    }

    public void Start() => _loop = Task.Run(RunAsync);

    public bool TryEnqueue(T data, int items, long bytes)
    {
        if (!_limiter.TryReserve(bytes))
        {
            return false;
        }
        if (!_channel.Writer.TryWrite(new Entry(data, items, bytes)))
        {
            // The queue is closed: the pipeline is shutting down.
            _limiter.Release(bytes);
            return false;
        }
        return true;
    }

    /// <summary>Stops taking data and exports what is queued; gives up (dropping the rest) when <paramref name="cancellationToken"/> fires.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        _channel.Writer.TryComplete();
        try
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
            PipelineLog.DrainAbandoned(_logger, _signal);
        }
    }

    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        var batch = new List<T>();
        int items = 0;
        long bytes = 0;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var deadline = DateTime.UtcNow + _options.BatchTimeout;
            while (true)
            {
                while (items < _options.SendBatchSize && reader.TryRead(out var entry))
                {
                    batch.Add(entry.Data);
                    items += entry.Items;
                    bytes += entry.Bytes;
                }
                var remaining = deadline - DateTime.UtcNow;
                if (items >= _options.SendBatchSize || remaining <= TimeSpan.Zero || reader.Completion.IsCompleted)
                {
                    break;
                }
                var more = reader.WaitToReadAsync().AsTask();
                using var delayCancel = new CancellationTokenSource();
                var winner = await Task.WhenAny(more, Task.Delay(remaining, delayCancel.Token)).ConfigureAwait(false);
                await delayCancel.CancelAsync().ConfigureAwait(false);
                if (winner != more || !await more.ConfigureAwait(false))
                {
                    break;
                }
            }

            await ExportAsync(batch, items).ConfigureAwait(false);
            _limiter.Release(bytes);
            _telemetry.MemoryUsed.Set(_limiter.UsedBytes);
            batch.Clear();
            items = 0;
            bytes = 0;
        }
    }

    private async Task ExportAsync(List<T> batch, int items)
    {
        foreach (var exporter in _exporters)
        {
            try
            {
                await _export(exporter, batch, _abort.Token).ConfigureAwait(false);
                _telemetry.Sent(_signal, exporter.Name, items, failed: false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !_abort.IsCancellationRequested)
            {
                _telemetry.Sent(_signal, exporter.Name, items, failed: true);
                PipelineLog.ExportFailed(_logger, exporter.Name, _signal, items, e.Message);
            }
            catch (OperationCanceledException)
            {
                _telemetry.Sent(_signal, exporter.Name, items, failed: true);
            }
        }
    }
}
