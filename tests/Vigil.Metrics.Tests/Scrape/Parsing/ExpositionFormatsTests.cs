using System.Text;
using Vigil.Metrics.Scrape.Parsing;

namespace Vigil.Metrics.Tests.Scrape.Parsing;

/// <summary>Content negotiation as Prometheus 3 does it (textparse.New, scrape.acceptHeader).</summary>
public class ExpositionFormatsTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("m 1\n# EOF\n");

    [Theory]
    [InlineData("text/plain; version=0.0.4; charset=utf-8", typeof(PromTextParser))]
    [InlineData("text/plain;version=1.0.0;escaping=allow-utf-8", typeof(PromTextParser))]
    [InlineData("Text/Plain; Version=0.0.4", typeof(PromTextParser))]
    [InlineData("text/plain", typeof(PromTextParser))]
    [InlineData("text/plain;", typeof(PromTextParser))]
    [InlineData("text/plain ; charset = \"utf-8\"", typeof(PromTextParser))]
    [InlineData("text/plain; version=2.0.0", typeof(PromTextParser))] // the version is not looked at
    [InlineData("text/plain; a=1; A=1", typeof(PromTextParser))] // a repeat with the same value is fine
    [InlineData("application/openmetrics-text; version=1.0.0; charset=utf-8", typeof(OpenMetricsParser))]
    [InlineData("application/openmetrics-text;version=0.0.1", typeof(OpenMetricsParser))]
    [InlineData("APPLICATION/OpenMetrics-Text", typeof(OpenMetricsParser))]
    public void Media_type_picks_the_parser(string contentType, Type parser)
    {
        var p = ExpositionFormats.Create(contentType, Body, null, out string? error);
        Assert.Null(error);
        Assert.IsType(parser, p);
    }

    [Theory]
    [InlineData(null, "non-compliant scrape target sending blank Content-Type and no fallback_scrape_protocol specified for target")]
    [InlineData("", "non-compliant scrape target sending blank Content-Type and no fallback_scrape_protocol specified for target")]
    [InlineData("application/json", "received unsupported Content-Type \"application/json\" and no fallback_scrape_protocol specified for target")]
    [InlineData("text", "received unsupported Content-Type \"text\" and no fallback_scrape_protocol specified for target")]
    [InlineData("text/plain; version", "cannot parse Content-Type \"text/plain; version\" and no fallback_scrape_protocol for target\nmime: invalid media parameter")]
    [InlineData("text/plain;;", "cannot parse Content-Type \"text/plain;;\" and no fallback_scrape_protocol for target\nmime: invalid media parameter")]
    [InlineData("text/plain; a=1; a=2", "cannot parse Content-Type \"text/plain; a=1; a=2\" and no fallback_scrape_protocol for target\nmime: duplicate parameter name")]
    [InlineData("text/plain; a=\"x", "cannot parse Content-Type \"text/plain; a=\\\"x\" and no fallback_scrape_protocol for target\nmime: invalid media parameter")]
    [InlineData("/plain", "cannot parse Content-Type \"/plain\" and no fallback_scrape_protocol for target\nmime: no media type")]
    [InlineData("  ", "cannot parse Content-Type \"  \" and no fallback_scrape_protocol for target\nmime: no media type")]
    [InlineData("text plain", "cannot parse Content-Type \"text plain\" and no fallback_scrape_protocol for target\nmime: expected slash after first token")]
    [InlineData("text/", "cannot parse Content-Type \"text/\" and no fallback_scrape_protocol for target\nmime: expected token after slash")]
    [InlineData("text/plain x", "cannot parse Content-Type \"text/plain x\" and no fallback_scrape_protocol for target\nmime: unexpected content after media subtype")]
    public void Without_a_fallback_a_bad_content_type_fails_the_scrape(string? contentType, string expected)
    {
        Assert.Null(ExpositionFormats.Create(contentType, Body, null, out string? error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData(null, "PrometheusText0.0.4", typeof(PromTextParser), "non-compliant scrape target sending blank Content-Type, using fallback_scrape_protocol \"text/plain\"")]
    [InlineData("", "OpenMetricsText1.0.0", typeof(OpenMetricsParser), "non-compliant scrape target sending blank Content-Type, using fallback_scrape_protocol \"application/openmetrics-text\"")]
    [InlineData("application/json", "PrometheusText1.0.0", typeof(PromTextParser), "received unsupported Content-Type \"application/json\", using fallback_scrape_protocol \"text/plain\"")]
    [InlineData("text/plain; version", "OpenMetricsText0.0.1", typeof(OpenMetricsParser), "could not parse received Content-Type \"text/plain; version\", using fallback_scrape_protocol \"application/openmetrics-text\"\nmime: invalid media parameter")]
    [InlineData("text/plain", "OpenMetricsText1.0.0", typeof(PromTextParser), null)] // a good type wins over the fallback
    public void Fallback_protocol_is_used_with_a_warning(string? contentType, string fallback, Type parser, string? warning)
    {
        var p = ExpositionFormats.Create(contentType, Body, Body.Length, fallback, ExpositionParserOptions.Default, out string? error, out string? warned);
        Assert.Null(error);
        Assert.IsType(parser, p);
        Assert.Equal(warning, warned);
    }

    [Theory]
    [InlineData("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited", null)]
    [InlineData("", "PrometheusProto")]
    public void Protobuf_is_refused_clearly(string contentType, string? fallback)
    {
        Assert.Null(ExpositionFormats.Create(contentType, Body, fallback, out string? error));
        Assert.Contains("protobuf", error, StringComparison.Ordinal);
        Assert.Contains("does not parse", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_given_length_is_parsed()
    {
        byte[] buffer = Encoding.UTF8.GetBytes("a 1\nb 2\ngarbage{{{");
        var p = ExpositionFormats.Create("text/plain", buffer, 8, null, ExpositionParserOptions.Default, out _, out _)!;
        Assert.Equal(ExpositionEntry.Series, p.Next());
        Assert.Equal(ExpositionEntry.Series, p.Next());
        Assert.Equal(ExpositionEntry.Eof, p.Next());
    }

    [Fact]
    public void Created_series_option_reaches_the_openmetrics_parser()
    {
        byte[] body = Encoding.UTF8.GetBytes("# TYPE c counter\nc_created 1\n# EOF\n");
        var p = ExpositionFormats.Create("application/openmetrics-text", body, body.Length, null,
            new ExpositionParserOptions(SkipOpenMetricsCreatedSeries: true), out _, out _)!;
        Assert.Equal(ExpositionEntry.Type, p.Next());
        Assert.Equal(ExpositionEntry.Eof, p.Next());
    }

    [Fact]
    public void Default_accept_header_is_prometheus_3s() =>
        Assert.Equal(
            "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5," +
            "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2",
            ExpositionFormats.AcceptHeader(null));

    [Fact]
    public void Empty_protocol_list_means_the_default() =>
        Assert.Equal(ExpositionFormats.AcceptHeader(null), ExpositionFormats.AcceptHeader([]));

    [Theory]
    [InlineData(new[] { "PrometheusText0.0.4" }, "allow-utf-8", "text/plain;version=0.0.4;q=0.6,*/*;q=0.5")]
    [InlineData(new[] { "PrometheusText1.0.0", "OpenMetricsText1.0.0" }, "underscores",
        "text/plain;version=1.0.0;escaping=underscores;q=0.6,application/openmetrics-text;version=1.0.0;escaping=underscores;q=0.5,*/*;q=0.4")]
    [InlineData(new[] { "OpenMetricsText0.0.1", "PrometheusText0.0.4" }, "allow-utf-8",
        "application/openmetrics-text;version=0.0.1;q=0.6,text/plain;version=0.0.4;q=0.5,*/*;q=0.4")]
    [InlineData(new[] { "PrometheusProto", "PrometheusText0.0.4" }, "allow-utf-8", "text/plain;version=0.0.4;q=0.6,*/*;q=0.5")]
    public void Accept_header_for_configured_protocols(string[] protocols, string escaping, string expected) =>
        Assert.Equal(expected, ExpositionFormats.AcceptHeader(protocols, escaping));

    [Fact]
    public void Unknown_or_repeated_protocols_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => ExpositionFormats.AcceptHeader(["PrometheusText9"]));
        Assert.StartsWith("unknown scrape protocol PrometheusText9, supported: [OpenMetricsText0.0.1 OpenMetricsText1.0.0 PrometheusProto PrometheusText0.0.4 PrometheusText1.0.0]", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ExpositionFormats.AcceptHeader(["PrometheusText0.0.4", "PrometheusText0.0.4"]));
    }

    [Theory]
    [InlineData("PrometheusProto", true, false)]
    [InlineData("PrometheusText0.0.4", true, true)]
    [InlineData("PrometheusText1.0.0", true, true)]
    [InlineData("OpenMetricsText0.0.1", true, true)]
    [InlineData("OpenMetricsText1.0.0", true, true)]
    [InlineData("prometheustext0.0.4", false, false)]
    [InlineData("", false, false)]
    public void Known_protocols_are_prometheus_names_case_sensitive(string name, bool known, bool supported)
    {
        Assert.Equal(known, ExpositionFormats.IsKnownProtocol(name));
        Assert.Equal(supported, ExpositionFormats.IsSupportedProtocol(name));
        Assert.Equal(known, ExpositionFormats.ValidateProtocol(name) is null);
    }
}
