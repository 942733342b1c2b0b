using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;
using Vigil.Metrics.Ingest.Otlp;
using Vigil.Metrics.Model;

namespace Vigil.Metrics.Api;

/// <summary>
/// GET /metrics on the Prometheus port: the metrics role's own numbers under Prometheus's names
/// (<c>prometheus_tsdb_*</c>, <c>prometheus_remote_storage_*</c>…), so dashboards built for a Prometheus
/// server read them unchanged, and the shipped prometheus.yml's <c>vigil</c> job scrapes them.
/// </summary>
internal static class SelfMetrics
{
    public static Task WriteAsync(HttpContext context, MetricsRole role)
    {
        var sb = new StringBuilder(4096);
        var db = role.Db;
        var stats = db.HeadStats;
        Gauge(sb, "prometheus_tsdb_head_series", "Total number of series in the head block.", db.HeadSeriesCount);
        Counter(sb, "prometheus_tsdb_head_series_created_total", "Total number of series created in the head", stats.SeriesCreatedTotal);
        Counter(sb, "prometheus_tsdb_head_series_removed_total", "Total number of series removed in the head", stats.SeriesRemovedTotal);
        Counter(sb, "prometheus_tsdb_head_samples_appended_total", "Total number of appended samples.", stats.SamplesAppendedTotal);
        Counter(sb, "prometheus_tsdb_out_of_order_samples_total", "Total number of out of order samples ingestion failed attempts.", stats.OutOfOrderTotal);
        Counter(sb, "prometheus_tsdb_too_old_samples_total", "Total number of out of order samples ingestion failed attempts due to too old.", stats.TooOldTotal);
        Counter(sb, "prometheus_tsdb_out_of_bound_samples_total", "Total number of out of bound samples ingestion failed attempts.", stats.OutOfBoundsTotal);
        Counter(sb, "prometheus_tsdb_duplicate_samples_total", "Total number of samples with a duplicate timestamp and a different value.", stats.DuplicateTotal);
        Counter(sb, "prometheus_tsdb_head_out_of_order_samples_appended_total", "Total number of appended out of order samples.", stats.OutOfOrderAppendedTotal);
        Gauge(sb, "prometheus_tsdb_head_min_time", "Minimum time bound of the head block.", db.HeadMinTime == long.MaxValue ? 0 : db.HeadMinTime);
        Gauge(sb, "prometheus_tsdb_head_max_time", "Maximum timestamp of the head block.", db.HeadMaxTime == long.MinValue ? 0 : db.HeadMaxTime);
        Gauge(sb, "prometheus_tsdb_head_chunks_storage_size_bytes", "Size of the chunks_head directory.", db.HeadChunkBytes);
        Gauge(sb, "prometheus_tsdb_blocks_loaded", "Number of currently loaded data blocks", db.Blocks.Count);
        long blockBytes = 0;
        foreach (var b in db.Blocks) blockBytes += b.SizeBytes;
        Gauge(sb, "prometheus_tsdb_storage_blocks_bytes", "The number of bytes that are currently used for local storage by all blocks.", blockBytes);
        Gauge(sb, "prometheus_tsdb_corrupt_blocks", "Blocks skipped at start because they failed verification.", db.CorruptBlocks.Count);
        Counter(sb, "prometheus_tsdb_wal_written_bytes_total", "Bytes written to the write-ahead log since start.", db.Wal.Writer.BytesWritten);
        var rw = role.RemoteWriteStats;
        Counter(sb, "prometheus_api_remote_write_samples_received_total", "Samples received by the remote write receiver.", rw.SamplesReceived);
        Counter(sb, "prometheus_api_remote_write_samples_written_total", "Samples written by the remote write receiver.", rw.SamplesWritten);
        Counter(sb, "prometheus_api_remote_write_invalid_labels_samples_total", "Samples skipped because their series had invalid labels.", rw.InvalidLabelSamples);
        Gauge(sb, "vigil_otlp_latest_values_series", "Series kept for the latest-values view on the collector metrics port.", role.LatestOtlpValues.SeriesCount);
        role.AppendScrapeMetrics(sb);
        using (var process = Process.GetCurrentProcess())
        {
            Counter(sb, "process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", process.TotalProcessorTime.TotalSeconds);
            Gauge(sb, "process_resident_memory_bytes", "Resident memory size in bytes.", process.WorkingSet64);
            Gauge(sb, "process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
                new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0);
        }
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.WriteAsync(sb.ToString());
    }

    internal static void Gauge(StringBuilder sb, string name, string help, double value) => Family(sb, name, help, MetricType.Gauge, value);

    internal static void Counter(StringBuilder sb, string name, string help, double value) => Family(sb, name, help, MetricType.Counter, value);

    private static void Family(StringBuilder sb, string name, string help, MetricType type, double value)
    {
        PrometheusText.AppendHelp(sb, name, help);
        PrometheusText.AppendType(sb, name, type);
        sb.Append(name).Append(' ');
        PrometheusText.AppendValue(sb, value);
        sb.Append('\n');
    }
}
