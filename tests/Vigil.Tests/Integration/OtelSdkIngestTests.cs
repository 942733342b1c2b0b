using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Vigil.Tests.Support;

namespace Vigil.Tests.Integration;

/// <summary>
/// The real OpenTelemetry .NET SDK exporter sends traces, logs and metrics to a real vigil over gRPC and
/// over HTTP/protobuf; the collector's counters on its metrics port must count exactly what was sent.
/// </summary>
public sealed class OtelSdkIngestTests
{
    [Theory]
    [InlineData(OtlpExportProtocol.Grpc, "grpc")]
    [InlineData(OtlpExportProtocol.HttpProtobuf, "http")]
    public async Task Counters_count_exactly_what_the_sdk_sent(OtlpExportProtocol protocol, string transport)
    {
        await using var vigil = await VigilProcess.StartReadyAsync();
        using var http = new HttpClient();
        var door = protocol == OtlpExportProtocol.Grpc ? vigil.Address("otlp-grpc") : vigil.Address("otlp-http");
        Uri Endpoint(string signal) => protocol == OtlpExportProtocol.Grpc ? door : new Uri(door, "/v1/" + signal);

        string suffix = Guid.NewGuid().ToString("N")[..8];
        var resource = ResourceBuilder.CreateEmpty().AddService("vigil-test-" + transport);

        // Traces: 7 spans, exported in one flush.
        using var source = new ActivitySource("vigil.test." + suffix);
        using (var tracer = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(source.Name)
            .SetSampler(new AlwaysOnSampler())
            .AddOtlpExporter(o => { o.Protocol = protocol; o.Endpoint = Endpoint("traces"); })
            .Build())
        {
            using (var parent = source.StartActivity("parent"))
            {
                for (int i = 0; i < 6; i++)
                {
                    using var child = source.StartActivity("child");
                    child?.SetTag("i", i);
                }
            }
            Assert.True(tracer.ForceFlush(10_000), "trace flush failed");
        }

        // Logs: 5 records.
        using (var loggerFactory = LoggerFactory.Create(builder => builder.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(resource);
            o.AddOtlpExporter(e => { e.Protocol = protocol; e.Endpoint = Endpoint("logs"); });
        })))
        {
            var logger = loggerFactory.CreateLogger("test");
            for (int i = 0; i < 5; i++)
            {
                logger.LogInformation("record {Index}", i);
            }
        }

        // Metrics: one counter with 3 attribute sets and one histogram with 1 = 4 data points, one export.
        using var meter = new Meter("vigil.test." + suffix);
        var counter = meter.CreateCounter<long>("test.requests");
        var histogram = meter.CreateHistogram<double>("test.latency");
        using (var meterProvider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(meter.Name)
            .AddOtlpExporter((e, reader) =>
            {
                e.Protocol = protocol;
                e.Endpoint = Endpoint("metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000;
            })
            .Build())
        {
            // Measurements count only once the provider listens.
            counter.Add(1, new KeyValuePair<string, object?>("route", "a"));
            counter.Add(2, new KeyValuePair<string, object?>("route", "b"));
            counter.Add(3, new KeyValuePair<string, object?>("route", "c"));
            counter.Add(4, new KeyValuePair<string, object?>("route", "a"));
            histogram.Record(12.5);
            Assert.True(meterProvider.ForceFlush(10_000), "metric flush failed");

            var text = await MetricsText.ScrapeAsync(http, vigil.Address("collector-metrics"));
            string labels = $"receiver=\"otlp\",transport=\"{transport}\"";
            Assert.Equal(7, MetricsText.Value(text, "otelcol_receiver_accepted_spans_total", labels));
            Assert.Equal(5, MetricsText.Value(text, "otelcol_receiver_accepted_log_records_total", labels));
            Assert.Equal(4, MetricsText.Value(text, "otelcol_receiver_accepted_metric_points_total", labels));
            Assert.Equal(0, MetricsText.Value(text, "otelcol_receiver_refused_spans_total", labels));
            string other = transport == "grpc" ? "http" : "grpc";
            Assert.Equal(0, MetricsText.Value(text, "otelcol_receiver_accepted_spans_total", $"receiver=\"otlp\",transport=\"{other}\""));
        }
    }
}
