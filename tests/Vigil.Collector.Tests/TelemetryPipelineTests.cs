using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Collector.Exporters;
using Vigil.Collector.Pipeline;
using Vigil.Collector.Telemetry;
using Vigil.Otlp.Model;
using Vigil.Otlp.Receivers;

namespace Vigil.Collector.Tests;

public sealed class TelemetryPipelineTests
{
    private static readonly ReceiverContext Grpc = new("otlp", "grpc");

    private static TracesData Traces(int spans, int zeroIds = 0)
    {
        var list = new Span[spans];
        for (int i = 0; i < spans; i++)
        {
            list[i] = new Span
            {
                TraceId = i < zeroIds ? TraceId.Empty : new TraceId(1, (ulong)i + 1),
                SpanId = new SpanId((ulong)i + 1),
                Name = "s" + i,
            };
        }
        return new TracesData { ResourceSpans = [new ResourceSpans { ScopeSpans = [new ScopeSpans { Spans = list }] }] };
    }

    private static (TelemetryPipeline Pipeline, RecordingExporter Exporter, CollectorTelemetry Telemetry) Create(PipelineOptions options)
    {
        var exporter = new RecordingExporter();
        var telemetry = new CollectorTelemetry(includeProcessMetrics: false);
        var pipeline = new TelemetryPipeline(options, [exporter], telemetry, NullLogger<TelemetryPipeline>.Instance);
        pipeline.Start();
        return (pipeline, exporter, telemetry);
    }

    private static async Task<string> ScrapeAsync(CollectorTelemetry telemetry)
    {
        using var stream = new MemoryStream();
        await telemetry.Registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public async Task Requests_are_batched_up_to_the_batch_size_and_all_reach_the_exporter()
    {
        var (pipeline, exporter, _) = Create(new PipelineOptions { SendBatchSize = 10, BatchTimeout = TimeSpan.FromSeconds(30) });
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(ConsumeStatus.Accepted, pipeline.ConsumeTraces(Traces(5), 100, Grpc).Status);
        }
        await pipeline.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        var batches = exporter.TraceBatches.ToArray();
        Assert.Equal(30, batches.Sum(b => b.Sum(d => d.SpanCount)));
        // 5-span requests into batches of 10: full batches are sent without waiting for the 30 s timeout.
        Assert.All(batches, b => Assert.True(b.Sum(d => d.SpanCount) <= 10));
        Assert.Equal(3, batches.Length);
    }

    [Fact]
    public async Task A_partial_batch_is_sent_after_the_timeout()
    {
        var (pipeline, exporter, _) = Create(new PipelineOptions { SendBatchSize = 1000, BatchTimeout = TimeSpan.FromMilliseconds(50) });
        pipeline.ConsumeTraces(Traces(3), 100, Grpc);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (exporter.TraceBatches.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        Assert.Equal(3, Assert.Single(exporter.TraceBatches).Sum(d => d.SpanCount));
        await pipeline.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Invalid_span_ids_are_rejected_and_counted_as_refused()
    {
        var (pipeline, exporter, telemetry) = Create(new PipelineOptions { BatchTimeout = TimeSpan.Zero });
        var result = pipeline.ConsumeTraces(Traces(5, zeroIds: 2), 100, Grpc);
        Assert.Equal(ConsumeStatus.PartiallyAccepted, result.Status);
        Assert.Equal(2, result.Rejected);
        await pipeline.StopAsync(CancellationToken.None);
        Assert.Equal(3, exporter.TraceBatches.Sum(b => b.Sum(d => d.SpanCount)));
        string text = await ScrapeAsync(telemetry);
        Assert.Contains("otelcol_receiver_accepted_spans_total{receiver=\"otlp\",transport=\"grpc\"} 3", text, StringComparison.Ordinal);
        Assert.Contains("otelcol_receiver_refused_spans_total{receiver=\"otlp\",transport=\"grpc\"} 2", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_the_memory_limit_requests_are_refused_until_the_exporter_catches_up()
    {
        var (pipeline, exporter, telemetry) = Create(new PipelineOptions
        {
            MemoryLimitBytes = 10_000, BatchTimeout = TimeSpan.Zero, RetryAfter = TimeSpan.FromSeconds(3),
        });
        exporter.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Each request reserves 4 x 1000 bytes; the third would pass the 10 000 byte limit.
        Assert.Equal(ConsumeStatus.Accepted, pipeline.ConsumeTraces(Traces(1), 1000, Grpc).Status);
        Assert.Equal(ConsumeStatus.Accepted, pipeline.ConsumeTraces(Traces(1), 1000, Grpc).Status);
        var refused = pipeline.ConsumeTraces(Traces(4), 1000, Grpc);
        Assert.Equal(ConsumeStatus.Refused, refused.Status);
        Assert.Equal(TimeSpan.FromSeconds(3), refused.RetryAfter);

        exporter.Gate.SetResult();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (pipeline.Limiter.UsedBytes > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        Assert.Equal(0, pipeline.Limiter.UsedBytes);
        Assert.True(pipeline.HasCapacity);
        Assert.Equal(ConsumeStatus.Accepted, pipeline.ConsumeTraces(Traces(1), 1000, Grpc).Status);
        await pipeline.StopAsync(CancellationToken.None);
        string text = await ScrapeAsync(telemetry);
        Assert.Contains("otelcol_receiver_refused_spans_total{receiver=\"otlp\",transport=\"grpc\"} 4", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_exporter_is_counted_and_does_not_stop_the_pipeline()
    {
        var (pipeline, exporter, telemetry) = Create(new PipelineOptions { BatchTimeout = TimeSpan.Zero });
        exporter.Fail = true;
        pipeline.ConsumeTraces(Traces(2), 100, Grpc);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(await ScrapeAsync(telemetry)).Contains("otelcol_exporter_send_failed_spans_total{exporter=\"recording\"} 2", StringComparison.Ordinal)
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        exporter.Fail = false;
        pipeline.ConsumeTraces(Traces(3), 100, Grpc);
        await pipeline.StopAsync(CancellationToken.None);
        string text = await ScrapeAsync(telemetry);
        Assert.Contains("otelcol_exporter_send_failed_spans_total{exporter=\"recording\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("otelcol_exporter_sent_spans_total{exporter=\"recording\"} 3", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_flushes_what_is_queued_and_later_requests_are_refused()
    {
        var (pipeline, exporter, _) = Create(new PipelineOptions { SendBatchSize = 1_000_000, BatchTimeout = TimeSpan.FromHours(1) });
        pipeline.ConsumeLogs(new LogsData { ResourceLogs = [new ResourceLogs { ScopeLogs = [new ScopeLogs { LogRecords = [new LogRecord(), new LogRecord()] }] }] }, 10, Grpc);
        await pipeline.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        Assert.Equal(2, exporter.LogBatches.Sum(b => b.Sum(d => d.LogRecordCount)));
        Assert.Equal(ConsumeStatus.Refused, pipeline.ConsumeTraces(Traces(1), 10, Grpc).Status);
    }

    [Fact]
    public void Empty_requests_are_accepted_without_queueing()
    {
        var (pipeline, _, _) = Create(new PipelineOptions());
        Assert.Equal(ConsumeStatus.Accepted, pipeline.ConsumeMetrics(new MetricsData(), 0, Grpc).Status);
        Assert.Equal(0, pipeline.Limiter.UsedBytes);
    }
}
