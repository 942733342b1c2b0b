using Vigil.Metrics.Model;
using Vigil.Metrics.Scrape.Parsing;
using static Vigil.Metrics.Tests.Scrape.Parsing.ParserHarness;

namespace Vigil.Metrics.Tests.Scrape.Parsing;

/// <summary>What the text format accepts and how it reads (cases after Prometheus's promparse tests).</summary>
public class PromTextParserTests
{
    [Fact]
    public void Reads_metadata_comments_and_samples_with_loose_spacing()
    {
        string body = """
            # HELP rpc_seconds Latency of RPCs.
            # 	TYPE rpc_seconds summary
            rpc_seconds{quantile="0"} 4.5e-05
            rpc_seconds{quantile="0.5",} 7.5e-05
            rpc_seconds{quantile="0.9",svc="a"} 8.25e-05
            rpc_seconds{quantile="0.99", svc="a"} 9e-05
            rpc_seconds{ quantile="1",svc="a"} 0.0001
            # Helpful but not help
            #
            rpc_seconds_count 17
            # comment with \n and \ inside
            # HELP bare_help
            # HELP blank_help 
            rpc_seconds { quantile = "0.75" svc = "b" , } 1
            job:requests:rate5m{code_class="2xx"}	3
            # TYPE goroutines gauge
            goroutines 12 	 1700000000000
            _private 1
            m{_l="v"} 1
            m{q="say \"hi\""} 2
            """;
        Assert.Equal(
        [
            "help rpc_seconds Latency of RPCs.",
            "type rpc_seconds summary",
            "{__name__=\"rpc_seconds\", quantile=\"0.0\"} " + Number(4.5e-05),
            "{__name__=\"rpc_seconds\", quantile=\"0.5\"} " + Number(7.5e-05),
            "{__name__=\"rpc_seconds\", quantile=\"0.9\", svc=\"a\"} " + Number(8.25e-05),
            "{__name__=\"rpc_seconds\", quantile=\"0.99\", svc=\"a\"} " + Number(9e-05),
            "{__name__=\"rpc_seconds\", quantile=\"1.0\", svc=\"a\"} 0.0001",
            "comment # Helpful but not help",
            "comment #",
            "{__name__=\"rpc_seconds_count\"} 17",
            "comment # comment with \\n and \\ inside",
            "help bare_help ",
            "help blank_help ",
            "{__name__=\"rpc_seconds\", quantile=\"0.75\", svc=\"b\"} 1",
            "{__name__=\"job:requests:rate5m\", code_class=\"2xx\"} 3",
            "type goroutines gauge",
            "{__name__=\"goroutines\"} 12 @1700000000000",
            "{__name__=\"_private\"} 1",
            "{__name__=\"m\", _l=\"v\"} 1",
            "{__name__=\"m\", q=\"say \\\"hi\\\"\"} 2",
        ], All(Text(body)));
    }

    [Fact]
    public void Series_key_is_the_raw_name_and_label_block()
    {
        var parser = Text("up 1\nrpc { a = \"x\\\"\" , } 2 3\n{\"my.metric\",\"a.b\"=\"c\"} 4\n  lead 5\n");
        string[] keys = ["up", "rpc { a = \"x\\\"\" , }", "{\"my.metric\",\"a.b\"=\"c\"}", "lead"];
        foreach (string key in keys)
        {
            Assert.Equal(ExpositionEntry.Series, parser.Next());
            Assert.Equal(key, System.Text.Encoding.UTF8.GetString(parser.SeriesKey));
        }
        Assert.Equal(ExpositionEntry.Eof, parser.Next());
    }

    [Fact]
    public void Quoted_utf8_names_of_text_1_0_0()
    {
        string body = """
            # HELP "rpc.seconds" Latency.
            # TYPE "rpc.seconds" summary
            {"rpc.seconds",quantile="0.5"} 1
            { "rpc.seconds", quantile = "0.9", } 2
            {quantile="0.99","rpc.seconds"} 3
            {"rpc.seconds_count"} 4
            {"Größe in € with \"quotes\" {and\nbraces}","tag ©\n'q' \"x\""="v"} 5
            plain{"dotted.label"="y"} 6
            """;
        Assert.Equal(
        [
            "help rpc.seconds Latency.",
            "type rpc.seconds summary",
            "{__name__=\"rpc.seconds\", quantile=\"0.5\"} 1",
            "{__name__=\"rpc.seconds\", quantile=\"0.9\"} 2",
            "{__name__=\"rpc.seconds\", quantile=\"0.99\"} 3",
            "{__name__=\"rpc.seconds_count\"} 4",
            "{__name__=\"Größe in € with \\\"quotes\\\" {and\\nbraces}\", tag ©\n'q' \"x\"=\"v\"} 5",
            "{__name__=\"plain\", dotted.label=\"y\"} 6",
        ], All(Text(body)));
    }

    [Fact]
    public void Help_unescapes_backslash_and_newline_only()
    {
        var parser = Text("# HELP m a\\\\b \\n c \\\" d \\t\n");
        Assert.Equal(ExpositionEntry.Help, parser.Next());
        Assert.Equal("a\\b \n c \\\" d \\t", parser.Help);
    }

    [Fact]
    public void Help_keeps_all_but_one_separating_blank()
    {
        var parser = Text("# HELP m   spaced  \n");
        Assert.Equal(ExpositionEntry.Help, parser.Next());
        Assert.Equal("  spaced  ", parser.Help);
    }

    [Fact]
    public void Label_values_unescape_quote_backslash_newline_and_keep_other_escapes()
    {
        var parser = Text("m{a=\"1\\\\2\",b=\"x\\\"y\",c=\"l1\\nl2\",d=\"t\\tu\",e=\"\\\\n\"} 1\n");
        Assert.Equal(ExpositionEntry.Series, parser.Next());
        var builder = new LabelsBuilder();
        parser.GetLabels(builder);
        var labels = builder.Build();
        Assert.Equal("1\\2", labels.Get("a"));
        Assert.Equal("x\"y", labels.Get("b"));
        Assert.Equal("l1\nl2", labels.Get("c"));
        Assert.Equal("t\\tu", labels.Get("d"));
        Assert.Equal("\\n", labels.Get("e"));
    }

    [Fact]
    public void Raw_newline_inside_a_label_value_is_part_of_the_value()
    {
        // Prometheus's text lexer lets a quoted value run over a line break.
        Assert.Equal(["{__name__=\"m\", a=\"x\\ny\"} 1", "{__name__=\"n\"} 2"], All(Text("m{a=\"x\ny\"} 1\nn 2\n")));
    }

    [Fact]
    public void Nul_bytes_are_kept_in_label_values_and_help()
    {
        var parser = Text("# HELP m foo\0bar\nm{a=\"abc\0\"} 1\nm{b=\"\0ss\"} 2");
        Assert.Equal(ExpositionEntry.Help, parser.Next());
        Assert.Equal("foo\0bar", parser.Help);
        Assert.Equal(ExpositionEntry.Series, parser.Next());
        var builder = new LabelsBuilder();
        parser.GetLabels(builder);
        Assert.Equal("abc\0", builder.Build().Get("a"));
        Assert.Equal(ExpositionEntry.Series, parser.Next());
        Assert.Equal(ExpositionEntry.Eof, parser.Next());
    }

    [Theory]
    [InlineData("m 1", "{__name__=\"m\"} 1")] // no final newline
    [InlineData("m 1 5", "{__name__=\"m\"} 1 @5")]
    [InlineData("m 1 -5\n", "{__name__=\"m\"} 1 @-5")] // Vigil: negative timestamps (the format says int64)
    [InlineData("m 1 0\n", "{__name__=\"m\"} 1 @0")]
    [InlineData("m{} 1\n", "{__name__=\"m\"} 1")]
    [InlineData("m{a=\"\"} 1\n", "{__name__=\"m\"} 1")] // an empty value is an absent label
    [InlineData("m -0\n", "{__name__=\"m\"} -0")]
    [InlineData("m +Inf\n", "{__name__=\"m\"} Infinity")]
    [InlineData("m -Inf\n", "{__name__=\"m\"} -Infinity")]
    [InlineData("m Inf\n", "{__name__=\"m\"} Infinity")]
    [InlineData("m inf\n", "{__name__=\"m\"} Infinity")]
    [InlineData("m +infinity\n", "{__name__=\"m\"} Infinity")]
    [InlineData("m -INFINITY\n", "{__name__=\"m\"} -Infinity")]
    [InlineData("m 1e3\n", "{__name__=\"m\"} 1000")]
    [InlineData("m 1E+03\n", "{__name__=\"m\"} 1000")]
    [InlineData("m .5\n", "{__name__=\"m\"} 0.5")]
    [InlineData("m 5.\n", "{__name__=\"m\"} 5")]
    [InlineData("m +1.5\n", "{__name__=\"m\"} 1.5")]
    [InlineData("m 007\n", "{__name__=\"m\"} 7")]
    [InlineData("m 1e-400\n", "{__name__=\"m\"} 0")] // underflow is not an error in Go
    [InlineData("m 9007199254740993\n", "{__name__=\"m\"} 9007199254740992")]
    [InlineData("m 1 9223372036854775807\n", "{__name__=\"m\"} 1 @9223372036854775807")]
    [InlineData("\n\n  \t\nm 1\n\n", "{__name__=\"m\"} 1")]
    [InlineData("m{a=\"b\"}{", null)]
    public void Samples(string body, string? expected)
    {
        if (expected is null)
        {
            Failure(Text(body));
            return;
        }
        Assert.Equal([expected], All(Text(body)));
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("nan")]
    [InlineData("NAN")]
    public void Every_NaN_gets_prometheus_normal_NaN_bits(string text)
    {
        var parser = Text($"m {text}\n");
        Assert.Equal(ExpositionEntry.Series, parser.Next());
        Assert.Equal(GoFloat.NormalNaNBits, BitConverter.DoubleToUInt64Bits(parser.Value));
    }

    [Fact]
    public void Type_untyped_is_unknown_and_types_map()
    {
        Assert.Equal(
            ["type a counter", "type b gauge", "type c histogram", "type d summary", "type e unknown"],
            All(Text("# TYPE a counter\n# TYPE b gauge\n# TYPE c histogram\n# TYPE d summary\n# TYPE e untyped\n")));
    }

    [Fact]
    public void Histogram_le_and_summary_quantile_are_normalised_to_openmetrics_floats()
    {
        string body = """
            # TYPE h histogram
            h_bucket{le="1"} 1
            h_bucket{le="0.25"} 1
            h_bucket{le="1e3"} 1
            h_bucket{le="100000"} 1
            h_bucket{le="1000000"} 1
            h_bucket{le="inf"} 1
            h_bucket{le="x"} 1
            # TYPE g gauge
            g{le="1"} 1
            """;
        Assert.Equal(
        [
            "type h histogram",
            "{__name__=\"h_bucket\", le=\"1.0\"} 1",
            "{__name__=\"h_bucket\", le=\"0.25\"} 1",
            "{__name__=\"h_bucket\", le=\"1000.0\"} 1",
            "{__name__=\"h_bucket\", le=\"100000.0\"} 1",
            "{__name__=\"h_bucket\", le=\"1e+06\"} 1",
            "{__name__=\"h_bucket\", le=\"+Inf\"} 1",
            "{__name__=\"h_bucket\", le=\"x\"} 1",
            "type g gauge",
            "{__name__=\"g\", le=\"1\"} 1",
        ], All(Text(body)));
    }

    [Fact]
    public void A_label_name_given_twice_fails_like_prometheus_head()
    {
        var e = Failure(Text("ok 1\nm{a=\"1\",a=\"2\"} 1\n"));
        Assert.Equal("text format parsing error in line 2: label name \"a\" is not unique: invalid sample", e.Message);
        e = Failure(Text("m{__name__=\"x\"} 1\n"));
        Assert.Equal("label name \"__name__\" is not unique: invalid sample", e.Detail);
    }

    [Fact]
    public void Crlf_line_ends_are_refused_as_in_prometheus()
    {
        var e = Failure(Text("m 1\r\n"));
        Assert.Equal("strconv.ParseFloat: parsing \"1\\r\": invalid syntax while parsing: \"m 1\\r\"", e.Detail);
    }

    [Fact]
    public void Long_bodies_parse_without_per_sample_allocation_growth()
    {
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < 2000; i++) sb.Append("http_requests_total{code=\"200\",method=\"get\",path=\"/p").Append(i % 7).Append("\"} ").Append(i).Append(" 1700000000000\n");
        byte[] body = System.Text.Encoding.UTF8.GetBytes(sb.ToString());
        var parser = new PromTextParser(body, body.Length);
        // Warm up, then measure: reading series keys and values must not allocate.
        Assert.Equal(ExpositionEntry.Series, parser.Next());
        long before = GC.GetAllocatedBytesForCurrentThread();
        int count = 1;
        double sum = parser.Value;
        while (parser.Next() == ExpositionEntry.Series)
        {
            count++;
            sum += parser.Value + parser.SeriesKey.Length + (parser.TimestampMs ?? 0);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(2000, count);
        Assert.True(sum > 0);
        Assert.True(allocated < 1024, $"allocated {allocated} bytes for 2000 samples");
    }
}
