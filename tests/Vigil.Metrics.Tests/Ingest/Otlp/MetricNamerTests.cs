using Vigil.Metrics.Ingest.Otlp;

namespace Vigil.Metrics.Tests.Ingest.Otlp;

/// <summary>Expected names follow prometheus/otlptranslator metric_namer.go and its test table.</summary>
public class MetricNamerTests
{
    private static string? Build(TranslationStrategy strategy, string name, string unit, NamerMetricKind kind) =>
        new MetricNamer(strategy).Build(name, unit, kind, out _);

    [Theory]
    [InlineData("http.server.request.duration", "s", NamerMetricKind.Histogram, "http_server_request_duration_seconds")]
    [InlineData("requests.count", "1", NamerMetricKind.MonotonicCounter, "requests_count_total")]
    [InlineData("memory.usage", "By", NamerMetricKind.Gauge, "memory_usage_bytes")]
    [InlineData("cpu.utilization", "1", NamerMetricKind.Gauge, "cpu_utilization_ratio")]
    [InlineData("net.io", "By/s", NamerMetricKind.MonotonicCounter, "net_io_bytes_per_second_total")]
    [InlineData("http.server.requests", "{requests}", NamerMetricKind.MonotonicCounter, "http_server_requests_total")]
    [InlineData("requests", "1/s", NamerMetricKind.Gauge, "requests_per_second")]
    [InlineData("throughput", "By/s", NamerMetricKind.Gauge, "throughput_bytes_per_second")]
    [InlineData("custom_metric", "custom_unit", NamerMetricKind.Gauge, "custom_metric_custom_unit")]
    [InlineData("custom_metric", "{custom}", NamerMetricKind.Gauge, "custom_metric")]
    [InlineData("custom_metric", "By/{custom}", NamerMetricKind.Gauge, "custom_metric_bytes")]
    [InlineData("custom_metric", "unit@with#special/chars", NamerMetricKind.Gauge, "custom_metric_unit_with_special_per_chars")]
    [InlineData("metric__with__multiple__underscores", "unit__multiple__underscores", NamerMetricKind.Gauge, "metric_with_multiple_underscores_unit_multiple_underscores")]
    [InlineData("requests_total", "", NamerMetricKind.MonotonicCounter, "requests_total")]
    [InlineData("total.requests", "", NamerMetricKind.MonotonicCounter, "requests_total")]
    [InlineData("cpu_usage_ratio", "1", NamerMetricKind.Gauge, "cpu_usage_ratio")]
    [InlineData("response_time_seconds", "s", NamerMetricKind.Gauge, "response_time_seconds")]
    [InlineData("seconds.response", "s", NamerMetricKind.Gauge, "seconds_response")]
    [InlineData("items", "1", NamerMetricKind.MonotonicCounter, "items_total")]
    [InlineData("active_connections", "1", NamerMetricKind.NonMonotonicCounter, "active_connections")]
    [InlineData("uptime", "d", NamerMetricKind.Gauge, "uptime_days")]
    [InlineData("timeout", "min", NamerMetricKind.Gauge, "timeout_minutes")]
    [InlineData("latency", "us", NamerMetricKind.Summary, "latency_microseconds")]
    [InlineData("disk", "TiBy", NamerMetricKind.Gauge, "disk_tibibytes")]
    [InlineData("temp", "Cel", NamerMetricKind.Gauge, "temp_celsius")]
    [InlineData("load", "%", NamerMetricKind.Gauge, "load_percent")]
    [InlineData("rate", "1/mo", NamerMetricKind.Gauge, "rate_per_month")]
    [InlineData("2xx.responses", "", NamerMetricKind.MonotonicCounter, "_2xx_responses_total")]
    [InlineData("a:b.c", " s ", NamerMetricKind.Gauge, "a:b_c_seconds")]
    [InlineData("métric", "", NamerMetricKind.Gauge, "m_tric")]
    public void Default_strategy_escapes_and_adds_suffixes(string name, string unit, object kind, string expected) =>
        Assert.Equal(expected, Build(TranslationStrategy.UnderscoreEscapingWithSuffixes, name, unit, (NamerMetricKind)kind));

    [Theory]
    [InlineData("metric@with#special$chars", "metric_with_special_chars")]
    [InlineData("123metric", "_123metric")]
    [InlineData("metric@@##$$name", "metric_name")]
    [InlineData("keeps__double", "keeps__double")]
    [InlineData("http.server.duration", "http_server_duration")]
    public void Without_suffixes_only_escapes(string name, string expected) =>
        Assert.Equal(expected, Build(TranslationStrategy.UnderscoreEscapingWithoutSuffixes, name, "s", NamerMetricKind.MonotonicCounter));

    [Theory]
    [InlineData("requêsts", "", NamerMetricKind.MonotonicCounter, "requêsts_total")]
    [InlineData("cpu_usagé", "1", NamerMetricKind.Gauge, "cpu_usagé_ratio")]
    [InlineData("respønse_time", "ms", NamerMetricKind.Gauge, "respønse_time_milliseconds")]
    [InlineData("requêsts", "1/s", NamerMetricKind.MonotonicCounter, "requêsts_per_second_total")]
    [InlineData("@#$%", "", NamerMetricKind.MonotonicCounter, "@#$%_total")]
    [InlineData("http.server.request.duration", "s", NamerMetricKind.Histogram, "http.server.request.duration_seconds")]
    [InlineData("x_total", "", NamerMetricKind.MonotonicCounter, "x_total")]
    public void Utf8_with_suffixes_keeps_the_name(string name, string unit, object kind, string expected) =>
        Assert.Equal(expected, Build(TranslationStrategy.NoUTF8EscapingWithSuffixes, name, unit, (NamerMetricKind)kind));

    [Fact]
    public void No_translation_keeps_everything() =>
        Assert.Equal("http.server.request.duration", Build(TranslationStrategy.NoTranslation, "http.server.request.duration", "s", NamerMetricKind.Histogram));

    [Theory]
    [InlineData("@#$%", "normalization for metric \"@#$%\" resulted in empty name")]
    [InlineData("", "normalization for metric \"\" resulted in empty name")]
    public void Names_that_escape_to_nothing_are_errors(string name, string message)
    {
        Assert.Null(new MetricNamer(TranslationStrategy.UnderscoreEscapingWithSuffixes).Build(name, "", NamerMetricKind.Gauge, out string? error));
        Assert.Equal(message, error);
    }

    [Theory]
    [InlineData("s", "seconds")]
    [InlineData("By/s", "bytes_per_second")]
    [InlineData("1", "")]
    [InlineData("{requests}", "")]
    [InlineData("{requests}/s", "per_second")]
    [InlineData("ms", "milliseconds")]
    [InlineData("unit@with#special/chars", "unit_with_special_per_chars")]
    public void Metadata_unit_is_the_escaped_unit_words(string unit, string expected) =>
        Assert.Equal(expected, UnitNames.MetadataUnit(unit));
}
