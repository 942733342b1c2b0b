using Vigil.Metrics.Ingest.Otlp;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb;
using Vigil.Otlp.Model;
using static Vigil.Metrics.Tests.Ingest.Otlp.OtlpTestKit;
using OtlpMetricType = Vigil.Otlp.Model.MetricType;
using PromMetricType = Vigil.Metrics.Model.MetricType;

namespace Vigil.Metrics.Tests.Ingest.Otlp;

/// <summary>
/// Each OTLP kind lands as the series Prometheus creates (prometheusremotewrite helper.go, number_data_points.go,
/// metrics_to_prw.go), read back from a real head.
/// </summary>
public class OtlpTranslatorTests
{
    private static readonly KeyValue[] Shop = Service("checkout", "shop", "i-1");
    private const string ShopLabels = "instance=\"i-1\", job=\"shop/checkout\"";

    [Fact]
    public void Gauge_gets_unit_suffix_job_instance_and_metadata()
    {
        var (head, _) = NewHead();
        var result = Write(Translator(), head, Request(Shop, Gauge("memory.usage", "By", Number(512, T0Ms, S("host.name", "a")))));

        var dump = Dump(head);
        Assert.Equal(512, Value(dump, $"{{__name__=\"memory_usage_bytes\", host_name=\"a\", {ShopLabels}}}"));
        Assert.Equal(new MetricMetadata(PromMetricType.Gauge, "memory.usage help", "bytes"), head.Metadata["memory_usage_bytes"]);
        Assert.Equal(1, result.SamplesWritten);
        Assert.Equal(OtlpWriteOutcome.Ok, result.Outcome);
    }

    [Fact]
    public void Sums_become_counters_or_gauges()
    {
        var (head, _) = NewHead();
        Write(Translator(), head, Request(Shop,
            Counter("http.server.requests", "{requests}", Number(7, T0Ms)),
            Counter("net.io", "By/s", Number(9, T0Ms)),
            Sum("queue.size", "1", false, AggregationTemporality.Cumulative, Number(3, T0Ms)),
            Gauge("cpu.utilization", "1", Number(0.25, T0Ms))));

        var dump = Dump(head);
        Assert.Equal(7, Value(dump, $"{{__name__=\"http_server_requests_total\", {ShopLabels}}}"));
        Assert.Equal(9, Value(dump, $"{{__name__=\"net_io_bytes_per_second_total\", {ShopLabels}}}"));
        Assert.Equal(3, Value(dump, $"{{__name__=\"queue_size\", {ShopLabels}}}"));
        Assert.Equal(0.25, Value(dump, $"{{__name__=\"cpu_utilization_ratio\", {ShopLabels}}}"));
        Assert.Equal(PromMetricType.Counter, head.Metadata["http_server_requests_total"].Type);
        Assert.Equal("bytes_per_second", head.Metadata["net_io_bytes_per_second_total"].Unit);
        Assert.Equal(PromMetricType.Gauge, head.Metadata["queue_size"].Type);
    }

    [Fact]
    public void Histogram_buckets_are_cumulative_with_go_formatted_bounds()
    {
        var (head, _) = NewHead();
        var point = new HistogramDataPoint
        {
            TimeUnixNano = Ns(T0Ms), Count = 10, Sum = 12.5,
            ExplicitBounds = [0.005, 0.01, 1000000], BucketCounts = [1, 2, 3, 4],
        };
        Write(Translator(), head, Request(Shop, Histogram("http.server.request.duration", "s", AggregationTemporality.Cumulative, point)));

        var dump = Dump(head);
        string name = "http_server_request_duration_seconds";
        Assert.Equal(1, Value(dump, $"{{__name__=\"{name}_bucket\", {ShopLabels}, le=\"0.005\"}}"));
        Assert.Equal(3, Value(dump, $"{{__name__=\"{name}_bucket\", {ShopLabels}, le=\"0.01\"}}"));
        Assert.Equal(6, Value(dump, $"{{__name__=\"{name}_bucket\", {ShopLabels}, le=\"1000000\"}}"));
        Assert.Equal(10, Value(dump, $"{{__name__=\"{name}_bucket\", {ShopLabels}, le=\"+Inf\"}}"));
        Assert.Equal(10, Value(dump, $"{{__name__=\"{name}_count\", {ShopLabels}}}"));
        Assert.Equal(12.5, Value(dump, $"{{__name__=\"{name}_sum\", {ShopLabels}}}"));
        Assert.Equal(new MetricMetadata(PromMetricType.Histogram, "http.server.request.duration help", "seconds"), head.Metadata[name]);
        Assert.Equal(6, dump.Count);
    }

    [Fact]
    public void Histogram_without_sum_has_no_sum_series()
    {
        var (head, _) = NewHead();
        var point = new HistogramDataPoint { TimeUnixNano = Ns(T0Ms), Count = 1, ExplicitBounds = [1], BucketCounts = [1, 0] };
        Write(Translator(), head, Request(Shop, Histogram("h", "", AggregationTemporality.Cumulative, point)));
        var dump = Dump(head);
        Assert.DoesNotContain(dump.Keys, k => k.Contains("h_sum", StringComparison.Ordinal));
        Assert.Equal(1, Value(dump, $"{{__name__=\"h_count\", {ShopLabels}}}"));
    }

    [Fact]
    public void Summary_has_quantiles_sum_and_count()
    {
        var (head, _) = NewHead();
        var point = new SummaryDataPoint
        {
            TimeUnixNano = Ns(T0Ms), Count = 4, Sum = 2.5, QuantileValues = [new(0.5, 0.3), new(0.99, 1.2)],
        };
        var metric = new Metric { Name = "rpc.latency", Unit = "ms", Type = OtlpMetricType.Summary, SummaryPoints = [point] };
        Write(Translator(), head, Request(Shop, metric));

        var dump = Dump(head);
        Assert.Equal(0.3, Value(dump, $"{{__name__=\"rpc_latency_milliseconds\", {ShopLabels}, quantile=\"0.5\"}}"));
        Assert.Equal(1.2, Value(dump, $"{{__name__=\"rpc_latency_milliseconds\", {ShopLabels}, quantile=\"0.99\"}}"));
        Assert.Equal(2.5, Value(dump, $"{{__name__=\"rpc_latency_milliseconds_sum\", {ShopLabels}}}"));
        Assert.Equal(4, Value(dump, $"{{__name__=\"rpc_latency_milliseconds_count\", {ShopLabels}}}"));
        Assert.Equal(PromMetricType.Summary, head.Metadata["rpc_latency_milliseconds"].Type);
    }

    [Fact]
    public void Colliding_attribute_names_join_values_in_key_order()
    {
        var recorder = new RecordingAppender();
        Translator().Translate(Request(Shop, Gauge("g", "", Number(1, T0Ms, S("a_b", "second"), S("a.b", "first"), S("a-b", "zeroth")))), recorder);
        // '-' < '.' < '_' in byte order.
        Assert.Equal("zeroth;first;second", recorder.Samples[0].Labels.Get("a_b"));
    }

    [Fact]
    public void Label_names_are_sanitised()
    {
        var recorder = new RecordingAppender();
        Translator().Translate(Request(Shop, Gauge("g", "", Number(1, T0Ms,
            S("9lives", "x"), S("__meta.data__", "y"), S("_private", "z"), S("__name__", "ignored")))), recorder);
        var labels = recorder.Samples[0].Labels;
        Assert.Equal("x", labels.Get("key_9lives"));
        Assert.Equal("y", labels.Get("__meta_data__"));
        Assert.Equal("z", labels.Get("_private"));
        Assert.Equal("g", labels.Name);
    }

    [Fact]
    public void Underscore_sanitisation_option_prefixes_key()
    {
        var recorder = new RecordingAppender();
        Translator(new OtlpTranslationOptions { LabelNameUnderscoreSanitization = true })
            .Translate(Request(Shop, Gauge("g", "", Number(1, T0Ms, S("_private", "z")))), recorder);
        Assert.Equal("z", recorder.Samples[0].Labels.Get("key_private"));
    }

    [Fact]
    public void Job_and_instance_override_point_attributes_and_need_service_name()
    {
        var recorder = new RecordingAppender();
        var translator = Translator();
        translator.Translate(Request(Service("api", instance: "pod-7"), Gauge("g", "", Number(1, T0Ms, S("job", "mine"), S("instance", "mine")))), recorder);
        Assert.Equal("api", recorder.Samples[0].Labels.Get("job"));
        Assert.Equal("pod-7", recorder.Samples[0].Labels.Get("instance"));

        recorder.Samples.Clear();
        translator.Translate(Request([S("service.namespace", "ns")], Gauge("g", "", Number(1, T0Ms))), recorder);
        Assert.False(recorder.Samples[0].Labels.Has("job"));
        Assert.False(recorder.Samples[0].Labels.Has("instance"));
    }

    [Fact]
    public void Target_info_carries_non_identifying_attributes_over_the_resource_time_span()
    {
        var (head, _) = NewHead();
        var resource = Service("checkout", "shop", "i-1", S("host.name", "h1"), S("k8s.pod.name", "p"));
        Write(Translator(), head, Request(resource, Gauge("g", "", Number(1, T0Ms), Number(2, T0Ms + 360_000))));

        var dump = Dump(head);
        var samples = dump[$"{{__name__=\"target_info\", host_name=\"h1\", {ShopLabels}, k8s_pod_name=\"p\"}}"];
        // Every lookback/2 (2m30s) from the earliest point, then the latest.
        Assert.Equal([(T0Ms, 1.0), (T0Ms + 150_000, 1.0), (T0Ms + 300_000, 1.0), (T0Ms + 360_000, 1.0)], samples);
        Assert.Equal(new MetricMetadata(PromMetricType.Gauge, "Target metadata", ""), head.Metadata["target_info"]);
        // Resource attributes are not data labels unless promoted.
        Assert.True(dump.ContainsKey($"{{__name__=\"g\", {ShopLabels}}}"));
    }

    [Fact]
    public void Target_info_is_skipped_without_extra_attributes_or_without_job_and_instance()
    {
        var recorder = new RecordingAppender();
        var translator = Translator();
        translator.Translate(Request(Service("checkout", "shop", "i-1"), Gauge("g", "", Number(1, T0Ms))), recorder);
        Assert.DoesNotContain(recorder.Samples, s => s.Labels.Name == "target_info");

        translator.Translate(Request([S("host.name", "h1")], Gauge("g", "", Number(1, T0Ms))), recorder);
        Assert.DoesNotContain(recorder.Samples, s => s.Labels.Name == "target_info");
    }

    [Fact]
    public void Keep_identifying_attributes_keeps_them_on_target_info()
    {
        var recorder = new RecordingAppender();
        Translator(new OtlpTranslationOptions { KeepIdentifyingResourceAttributes = true })
            .Translate(Request(Service("checkout", "shop", "i-1", S("host.name", "h1")), Gauge("g", "", Number(1, T0Ms))), recorder);
        var info = recorder.Samples.Single(s => s.Labels.Name == "target_info").Labels;
        Assert.Equal(
            "{__name__=\"target_info\", host_name=\"h1\", instance=\"i-1\", job=\"shop/checkout\", service_instance_id=\"i-1\", service_name=\"checkout\", service_namespace=\"shop\"}",
            info.ToString());
    }

    [Fact]
    public void Promoted_resource_attributes_lose_to_point_attributes()
    {
        var recorder = new RecordingAppender();
        var resource = Service("checkout", more: [S("k8s.pod.name", "p1"), S("k8s.node.name", "n1"), S("cloud.region", "eu")]);
        Translator(new OtlpTranslationOptions { PromoteResourceAttributes = ["k8s.pod.name", " k8s.node.name "] })
            .Translate(Request(resource, Gauge("g", "", Number(1, T0Ms, S("k8s_node_name", "from-point")))), recorder);
        var labels = recorder.Samples[0].Labels;
        Assert.Equal("p1", labels.Get("k8s_pod_name"));
        Assert.Equal("from-point", labels.Get("k8s_node_name"));
        Assert.False(labels.Has("cloud_region"));
    }

    [Fact]
    public void Promote_all_skips_ignored_attributes()
    {
        var recorder = new RecordingAppender();
        var resource = Service("checkout", more: [S("k8s.pod.name", "p1"), S("cloud.region", "eu")]);
        Translator(new OtlpTranslationOptions { PromoteAllResourceAttributes = true, IgnoreResourceAttributes = ["cloud.region"] })
            .Translate(Request(resource, Gauge("g", "", Number(1, T0Ms))), recorder);
        Assert.Equal("{__name__=\"g\", job=\"checkout\", k8s_pod_name=\"p1\", service_name=\"checkout\"}", recorder.Samples[0].Labels.ToString());
    }

    [Fact]
    public void Scope_metadata_is_promoted_when_asked_and_not_on_target_info()
    {
        var recorder = new RecordingAppender();
        var data = Request(Service("checkout", more: S("host.name", "h")), Gauge("g", "", Number(1, T0Ms)));
        var scopeMetrics = data.ResourceMetrics[0].ScopeMetrics[0];
        scopeMetrics.Scope = new InstrumentationScope { Name = "lib", Version = "1.2", Attributes = [S("team.name", "core")] };
        scopeMetrics.SchemaUrl = "https://opentelemetry.io/schemas/1.26.0";
        Translator(new OtlpTranslationOptions { PromoteScopeMetadata = true }).Translate(data, recorder);

        Assert.Equal(
            "{__name__=\"g\", job=\"checkout\", otel_scope_name=\"lib\", otel_scope_schema_url=\"https://opentelemetry.io/schemas/1.26.0\", otel_scope_team_name=\"core\", otel_scope_version=\"1.2\"}",
            recorder.Samples[0].Labels.ToString());
        Assert.Equal("{__name__=\"target_info\", host_name=\"h\", job=\"checkout\"}", recorder.Samples.Single(s => s.Labels.Name == "target_info").Labels.ToString());
    }

    [Fact]
    public void No_recorded_value_writes_the_stale_marker_bits()
    {
        var recorder = new RecordingAppender();
        var gauge = Number(5, T0Ms);
        gauge.Flags = DataPointFlags.NoRecordedValue;
        var histogram = new HistogramDataPoint
        {
            TimeUnixNano = Ns(T0Ms), Count = 1, Sum = 1, ExplicitBounds = [1], BucketCounts = [1, 0], Flags = DataPointFlags.NoRecordedValue,
        };
        Translator().Translate(Request(Shop, Gauge("g", "", gauge), Histogram("h", "", AggregationTemporality.Cumulative, histogram)), recorder);

        var data = recorder.Samples.Where(s => s.Labels.Name != "target_info").ToList();
        Assert.Equal(5, data.Count); // g, h_sum, h_count, h_bucket{1}, h_bucket{+Inf}
        Assert.All(data, s => Assert.Equal(StaleNaN.Bits, BitConverter.DoubleToUInt64Bits(s.V)));
    }

    [Fact]
    public void Nanoseconds_become_milliseconds_by_truncation()
    {
        var recorder = new RecordingAppender();
        var point = Number(1, 0);
        point.TimeUnixNano = 1_767_225_600_123_999_999;
        Translator().Translate(Request(Shop, Gauge("g", "", point)), recorder);
        Assert.Equal(1_767_225_600_123, recorder.Samples[0].T);
    }

    [Fact]
    public void Attribute_values_are_stringified()
    {
        var recorder = new RecordingAppender();
        Translator().Translate(Request(Shop, Gauge("g", "", Number(1, T0Ms,
            new KeyValue("i", AnyValue.Int(3)), new KeyValue("d", AnyValue.Double(0.5)), new KeyValue("b", AnyValue.Bool(true)),
            new KeyValue("arr", AnyValue.Array([AnyValue.String("x"), AnyValue.Int(1)])),
            new KeyValue("map", AnyValue.KeyValueList([new KeyValue("k", AnyValue.String("v"))])),
            new KeyValue("empty", AnyValue.String(""))))), recorder);
        Assert.Equal(
            $"{{__name__=\"g\", arr=\"[\\\"x\\\",1]\", b=\"true\", d=\"0.5\", i=\"3\", {ShopLabels}, map=\"{{\\\"k\\\":\\\"v\\\"}}\"}}",
            recorder.Samples[0].Labels.ToString());
    }

    [Fact]
    public void Utf8_strategies_keep_names()
    {
        var recorder = new RecordingAppender();
        Translator(new OtlpTranslationOptions { TranslationStrategy = TranslationStrategy.NoUTF8EscapingWithSuffixes })
            .Translate(Request(Shop, Counter("http.requests", "", Number(1, T0Ms, S("http.method", "GET")))), recorder);
        Assert.Equal("{__name__=\"http.requests_total\", http.method=\"GET\", " + ShopLabels + "}", recorder.Samples[0].Labels.ToString());

        recorder.Samples.Clear();
        Translator(new OtlpTranslationOptions { TranslationStrategy = TranslationStrategy.NoTranslation })
            .Translate(Request(Shop, Counter("http.requests", "s", Number(1, T0Ms))), recorder);
        Assert.Equal("http.requests", recorder.Samples[0].Labels.Name);
    }

    [Fact]
    public void Bad_temporality_fails_the_metric_with_prometheus_wording_and_keeps_the_rest()
    {
        var recorder = new RecordingAppender();
        var result = Translator().Translate(Request(Shop,
            Sum("unset.temporality", "", true, AggregationTemporality.Unspecified, Number(1, T0Ms)),
            Gauge("fine", "", Number(1, T0Ms))), recorder);

        Assert.Equal("invalid temporality and type combination for metric \"unset.temporality\"", result.FirstError);
        Assert.Equal(OtlpWriteOutcome.TranslationFailed, result.Outcome);
        Assert.Contains(recorder.Samples, s => s.Labels.Name == "fine");
    }

    [Fact]
    public void Delta_is_refused_in_reject_mode()
    {
        var result = Translator(new OtlpTranslationOptions { DeltaTemporality = DeltaTemporalityMode.Reject })
            .Translate(Request(Shop, Sum("d", "", true, AggregationTemporality.Delta, Number(1, T0Ms))), new RecordingAppender());
        Assert.Equal("invalid temporality and type combination for metric \"d\"", result.ErrorText);
    }

    [Fact]
    public void Metric_without_data_and_empty_point_lists()
    {
        var result = Translator().Translate(Request(Shop, new Metric { Name = "nothing" }, Gauge("hollow", "")), new RecordingAppender());
        Assert.Equal("could not get aggregation temporality for nothing as it has unsupported metric type Empty", result.FirstError);
        Assert.Equal(["empty data points. hollow is dropped"], result.Warnings);
    }

    [Fact]
    public void Refused_appends_are_counted_not_thrown()
    {
        var (head, _) = NewHead();
        var translator = Translator();
        Write(translator, head, Request(Shop, Gauge("g", "", Number(1, T0Ms + 1000))));
        var result = Write(translator, head, Request(Shop, Gauge("g", "", Number(2, T0Ms)), Gauge("other", "", Number(3, T0Ms))));

        Assert.Equal(1, result.Rejected(AppendStatus.OutOfOrder));
        Assert.Equal("out of order sample", result.FirstError);
        Assert.Equal(OtlpWriteOutcome.BadData, result.Outcome);
        Assert.True(result.SamplesWritten >= 1);
    }

    [Fact]
    public void Samples_too_far_in_the_future_are_out_of_bounds()
    {
        var time = new ManualTime(T0);
        var result = Translator(time: time).Translate(Request(Shop, Gauge("g", "", Number(1, T0Ms + 11 * 60_000))), new RecordingAppender());
        Assert.Equal(1, result.Rejected(AppendStatus.OutOfBounds));
        Assert.Equal("out of bounds: timestamp is too far in the future", result.FirstError);
    }

    [Fact]
    public void Bad_attribute_key_fails_the_metric()
    {
        var result = Translator().Translate(Request(Shop, Gauge("g", "", Number(1, T0Ms, S("", "v")))), new RecordingAppender());
        Assert.Equal("label name is empty", result.FirstError);
        Assert.Equal(1, result.TranslationErrors);
    }

    [Fact]
    public void Metadata_is_updated_once_per_family_per_batch()
    {
        var recorder = new RecordingAppender();
        Translator().Translate(Request(Shop, Gauge("g", "", Number(1, T0Ms, S("a", "1")), Number(2, T0Ms, S("a", "2")))), recorder);
        Assert.Single(recorder.Metadata, m => m.Labels.Name == "g");
    }

    [Fact]
    public void Options_are_validated_with_prometheus_messages()
    {
        Assert.Equal("'promote_all_resource_attributes' and 'promote_resource_attributes' cannot be configured simultaneously",
            new OtlpTranslationOptions { PromoteAllResourceAttributes = true, PromoteResourceAttributes = ["a"] }.Validate());
        Assert.Equal("'ignore_resource_attributes' cannot be configured unless 'promote_all_resource_attributes' is true",
            new OtlpTranslationOptions { IgnoreResourceAttributes = ["a"] }.Validate());
        Assert.Equal("invalid 'promote_resource_attributes': duplicated promoted OTel resource attribute \"a\"",
            new OtlpTranslationOptions { PromoteResourceAttributes = ["a", " a"] }.Validate());
        Assert.Equal("invalid 'ignore_resource_attributes': empty ignored OTel resource attribute",
            new OtlpTranslationOptions { PromoteAllResourceAttributes = true, IgnoreResourceAttributes = [" "] }.Validate());
        Assert.Throws<ArgumentException>(() => new OtlpTranslator(new OtlpTranslationOptions { IgnoreResourceAttributes = ["a"] }));
    }
}
