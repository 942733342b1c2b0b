using Vigil.Metrics.Scrape.Parsing;
using static Vigil.Metrics.Tests.Scrape.Parsing.ParserHarness;

namespace Vigil.Metrics.Tests.Scrape.Parsing;

/// <summary>What OpenMetrics 1.0 input reads as (cases after Prometheus's openmetricsparse tests).</summary>
public class OpenMetricsParserTests
{
    [Fact]
    public void Reads_every_family_type_units_exemplars_and_float_second_timestamps()
    {
        string body = """
            # HELP rpc_seconds Latency of RPCs.
            # TYPE rpc_seconds summary
            # UNIT rpc_seconds seconds
            rpc_seconds{quantile="0"} 4.5e-05
            rpc_seconds{quantile="0.5",svc="a"} 7.5e-05
            # HELP empty_help 
            # HELP esc escape \ \n \\ \" \x chars
            # UNIT nounit 
            rpc_seconds_count 17
            # TYPE goroutines gauge
            goroutines 12 123.123
            # TYPE hh histogram
            hh_bucket{le="+Inf"} 1
            # TYPE gh gaugehistogram
            gh_bucket{le="+Inf"} 1
            # TYPE hhh histogram
            hhh_bucket{le="+Inf"} 1 # {id="bucket-ex"} 4
            hhh_count 1 # {id="count-ex"} 4
            # TYPE ggh gaugehistogram
            ggh_bucket{le="+Inf"} 1 # {id="gh-ex",xx="yy"} 4 123.123
            # TYPE smr_seconds summary
            smr_seconds_count 2.0 # {id="summary-ex"} 1 123.321
            # TYPE ii info
            ii_info{foo="bar"} 1
            # TYPE ss stateset
            ss{ss="foo"} 1
            ss{ss="bar"} 0
            # TYPE un unknown
            _underscore 1
            # TYPE foo counter
            foo_total 17.0 1520879607.789 # {id="counter-ex"} 5
            foo_created 1520872607.123
            # EOF
            """;
        Assert.Equal(
        [
            "help rpc_seconds Latency of RPCs.",
            "type rpc_seconds summary",
            "unit rpc_seconds seconds",
            "{__name__=\"rpc_seconds\", quantile=\"0.0\"} " + Number(4.5e-05),
            "{__name__=\"rpc_seconds\", quantile=\"0.5\", svc=\"a\"} " + Number(7.5e-05),
            "help empty_help ",
            "help esc escape \\ \n \\ \" \\x chars",
            "unit nounit ",
            "{__name__=\"rpc_seconds_count\"} 17",
            "type goroutines gauge",
            "{__name__=\"goroutines\"} 12 @123123",
            "type hh histogram",
            "{__name__=\"hh_bucket\", le=\"+Inf\"} 1",
            "type gh gaugehistogram",
            "{__name__=\"gh_bucket\", le=\"+Inf\"} 1",
            "type hhh histogram",
            "{__name__=\"hhh_bucket\", le=\"+Inf\"} 1 # {id=\"bucket-ex\"} 4",
            "{__name__=\"hhh_count\"} 1 # {id=\"count-ex\"} 4",
            "type ggh gaugehistogram",
            "{__name__=\"ggh_bucket\", le=\"+Inf\"} 1 # {id=\"gh-ex\", xx=\"yy\"} 4 @123123",
            "type smr_seconds summary",
            "{__name__=\"smr_seconds_count\"} 2 # {id=\"summary-ex\"} 1 @123321",
            "type ii info",
            "{__name__=\"ii_info\", foo=\"bar\"} 1",
            "type ss stateset",
            "{__name__=\"ss\", ss=\"foo\"} 1",
            "{__name__=\"ss\", ss=\"bar\"} 0",
            "type un unknown",
            "{__name__=\"_underscore\"} 1",
            "type foo counter",
            "{__name__=\"foo_total\"} 17 @1520879607789 # {id=\"counter-ex\"} 5",
            "{__name__=\"foo_created\"} 1520872607.123",
        ], All(OpenMetrics(body)));
    }

    [Fact]
    public void Quoted_utf8_names()
    {
        string body = """
            # HELP "rpc.seconds" Latency.
            # TYPE "rpc.seconds" summary
            # UNIT "rpc.call_seconds" seconds
            {"rpc.seconds",quantile="0.5"} 1
            {q="0.9","http.status",a="b"} 2
            {"Größe € \"q\" {x\ny}","tag ©\n'q' \"x\""="6"} 10.0
            # EOF
            """;
        Assert.Equal(
        [
            "help rpc.seconds Latency.",
            "type rpc.seconds summary",
            "unit rpc.call_seconds seconds",
            "{__name__=\"rpc.seconds\", quantile=\"0.5\"} 1",
            "{__name__=\"http.status\", a=\"b\", q=\"0.9\"} 2",
            "{__name__=\"Größe € \\\"q\\\" {x\\ny}\", tag ©\n'q' \"x\"=\"6\"} 10",
        ], All(OpenMetrics(body)));
    }

    [Fact]
    public void Series_key_is_the_raw_series_part()
    {
        var parser = OpenMetrics("a_total{b=\"c\"} 1 2 # {t=\"x\"} 3\n{\"x.y\"} 1\n# EOF\n");
        Assert.Equal(ExpositionEntry.Series, parser.Next());
        Assert.Equal("a_total{b=\"c\"}", System.Text.Encoding.UTF8.GetString(parser.SeriesKey));
        Assert.Equal(ExpositionEntry.Series, parser.Next());
        Assert.Equal("{\"x.y\"}", System.Text.Encoding.UTF8.GetString(parser.SeriesKey));
        Assert.Equal(ExpositionEntry.Eof, parser.Next());
    }

    [Theory]
    [InlineData("m 1 -1.5\n# EOF\n", "{__name__=\"m\"} 1 @-1500")]
    [InlineData("m 1 1e3\n# EOF\n", "{__name__=\"m\"} 1 @1000000")]
    [InlineData("m 1 0.0009\n# EOF\n", "{__name__=\"m\"} 1 @0")] // truncated, as Go's int64(ts*1000)
    [InlineData("m 1 1e300\n# EOF\n", "{__name__=\"m\"} 1 @-9223372036854775808")]
    [InlineData("m inf\n# EOF\n", "{__name__=\"m\"} Infinity")]
    [InlineData("m -Infinity\n# EOF\n", "{__name__=\"m\"} -Infinity")]
    [InlineData("m 1\n# EOF", "{__name__=\"m\"} 1")]
    [InlineData("m{} 1\n# EOF\n", "{__name__=\"m\"} 1")]
    [InlineData("m{a=\"1\",} 1\n# EOF\n", "{__name__=\"m\", a=\"1\"} 1")]
    [InlineData("g 1 # {a=\"b\"} 2\n# EOF\n", "{__name__=\"g\"} 1 # {a=\"b\"} 2")] // the parser does not check the type
    [InlineData("m_total 1 # {} 2\n# EOF\n", "{__name__=\"m_total\"} 1 # {} 2")]
    [InlineData("m_total 1 # {a=\"x\\\"y\\\\z\"} 2 3.5\n# EOF\n", "{__name__=\"m_total\"} 1 # {a=\"x\\\"y\\\\z\"} 2 @3500")]
    [InlineData("m_total 1 # {\"trace.id\"=\"x\"} 2\n# EOF\n", "{__name__=\"m_total\"} 1 # {trace.id=\"x\"} 2")]
    [InlineData("m_total 1 1.5 # {a=\"b\"} NaN\n# EOF\n", "{__name__=\"m_total\"} 1 @1500 # {a=\"b\"} NaN(0x7ff8000000000001)")]
    [InlineData("null_byte{a=\"abc\0\"} 1\n# EOF\n", "{__name__=\"null_byte\", a=\"abc\0\"} 1")]
    [InlineData("a{b=\"\0\"} 1\n# EOF", "{__name__=\"a\", b=\"\0\"} 1")]
    public void Samples(string body, string expected) => Assert.Equal([expected], All(OpenMetrics(body)));

    [Fact]
    public void Nan_value_has_normal_nan_bits()
    {
        var parser = OpenMetrics("m NaN\n# EOF\n");
        Assert.Equal(ExpositionEntry.Series, parser.Next());
        Assert.Equal(GoFloat.NormalNaNBits, BitConverter.DoubleToUInt64Bits(parser.Value));
    }

    [Fact]
    public void Created_series_are_kept_by_default_and_skipped_on_request_for_counter_summary_histogram()
    {
        string body = """
            # TYPE c counter
            c_total 1
            c_created 1.5
            # TYPE s summary
            s_count 1
            s_created 2
            # TYPE h histogram
            h_bucket{le="1"} 1
            h_created 3
            # TYPE g gauge
            g_created 4
            # EOF
            """;
        var kept = All(OpenMetrics(body));
        Assert.Contains("{__name__=\"c_created\"} 1.5", kept);
        Assert.Contains("{__name__=\"h_created\"} 3", kept);
        Assert.Equal(
        [
            "type c counter",
            "{__name__=\"c_total\"} 1",
            "type s summary",
            "{__name__=\"s_count\"} 1",
            "type h histogram",
            "{__name__=\"h_bucket\", le=\"1.0\"} 1",
            "type g gauge",
            "{__name__=\"g_created\"} 4",
        ], All(OpenMetrics(body, skipCreated: true)));
    }

    [Fact]
    public void Exemplar_label_limit_is_reported_not_enforced()
    {
        string small = new('a', 60), big = new('b', 70);
        var parser = OpenMetrics($"m_total 1 # {{t=\"{small}\"}} 1\nm_total 2 # {{t=\"{small}\",u=\"{big}\"}} 1\n# EOF\n");
        Assert.Equal(ExpositionEntry.Series, parser.Next());
        Assert.True(parser.TryGetExemplar(out var ok));
        Assert.False(ok.ExceedsLabelLimit);
        Assert.Equal(ExpositionEntry.Series, parser.Next());
        Assert.True(parser.TryGetExemplar(out var over));
        Assert.True(over.ExceedsLabelLimit);
    }

    [Fact]
    public void Next_after_eof_stays_eof() => Assert.Empty(All(OpenMetrics("# EOF\n")));
}
