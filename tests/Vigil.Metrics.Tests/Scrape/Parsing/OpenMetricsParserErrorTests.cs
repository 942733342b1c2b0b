using static Vigil.Metrics.Tests.Scrape.Parsing.ParserHarness;

namespace Vigil.Metrics.Tests.Scrape.Parsing;

/// <summary>
/// Bad OpenMetrics input and the exact error Prometheus 3 gives (model/textparse openmetricsparse.go).
/// Inputs are one byte per char (Latin-1), so "\xff" is the invalid UTF-8 byte 0xFF.
/// </summary>
public class OpenMetricsParserErrorTests
{
    [Theory]
    [InlineData("", "data does not end with # EOF")]
    [InlineData("\n", "expected a valid start token, got \"\\n\" (\"INVALID\") while parsing: \"\\n\"")]
    [InlineData("metric", "expected value after metric, got \"metric\" (\"EOF\") while parsing: \"metric\"")]
    [InlineData("metric 1", "data does not end with # EOF")]
    [InlineData("metric 1\n", "data does not end with # EOF")]
    [InlineData("metric_total 1 # {aa=\"bb\"} 4", "data does not end with # EOF")]
    [InlineData("a\n#EOF\n", "expected value after metric, got \"\\n\" (\"INVALID\") while parsing: \"a\\n\"")]
    [InlineData("\n\n#EOF\n", "expected a valid start token, got \"\\n\" (\"INVALID\") while parsing: \"\\n\"")]
    [InlineData(" a 1\n#EOF\n", "expected a valid start token, got \" \" (\"INVALID\") while parsing: \" \"")]
    [InlineData("9\n#EOF\n", "expected a valid start token, got \"9\" (\"INVALID\") while parsing: \"9\"")]
    [InlineData("# TYPE u untyped\n#EOF\n", "invalid metric type \"untyped\"")]
    [InlineData("# TYPE c counter \n#EOF\n", "invalid metric type \"counter \"")]
    [InlineData("#  TYPE c counter\n#EOF\n", "expected a valid start token, got \"#  \" (\"INVALID\") while parsing: \"#  \"")]
    [InlineData("# TYPE \n#EOF\n", "expected metric name after TYPE, got \"\\n\" (\"INVALID\") while parsing: \"# TYPE \\n\"")]
    [InlineData("# TYPE m\n#EOF\n", "expected text in TYPE")]
    [InlineData("# UNIT metric suffix\n#EOF\n", "unit \"suffix\" not a suffix of metric \"metric\"")]
    [InlineData("# UNIT metricsuffix suffix\n#EOF\n", "unit \"suffix\" not a suffix of metric \"metricsuffix\"")]
    [InlineData("# UNIT m suffix\n#EOF\n", "unit \"suffix\" not a suffix of metric \"m\"")]
    [InlineData("# UNIT \n#EOF\n", "expected metric name after UNIT, got \"\\n\" (\"INVALID\") while parsing: \"# UNIT \\n\"")]
    [InlineData("# UNIT m\n#EOF\n", "expected text in UNIT")]
    [InlineData("# HELP \n#EOF\n", "expected metric name after HELP, got \"\\n\" (\"INVALID\") while parsing: \"# HELP \\n\"")]
    [InlineData("# HELP m\n#EOF\n", "expected text in HELP")]
    [InlineData("# HELP m \xff\n# EOF\n", "help text \"\\xff\" is not a valid utf8 string")]
    [InlineData("a\t1\n#EOF\n", "expected value after metric, got \"\\t\" (\"INVALID\") while parsing: \"a\\t\"")]
    [InlineData("a 1\t2\n#EOF\n", "strconv.ParseFloat: parsing \"1\\t2\": invalid syntax while parsing: \"a 1\\t2\"")]
    [InlineData("a 1 2 \n#EOF\n", "expected next entry after timestamp, got \" \\n\" (\"INVALID\") while parsing: \"a 1 2 \\n\"")]
    [InlineData("a 1 2 #\n#EOF\n", "expected next entry after timestamp, got \" #\\n\" (\"TIMESTAMP\") while parsing: \"a 1 2 #\\n\"")]
    [InlineData("a 1 1z\n#EOF\n", "strconv.ParseFloat: parsing \"1z\": invalid syntax while parsing: \"a 1 1z\"")]
    [InlineData(" # EOF\n", "expected a valid start token, got \" \" (\"INVALID\") while parsing: \" \"")]
    [InlineData("# EOF\na 1", "unexpected data after # EOF")]
    [InlineData("# EOF\n\n", "unexpected data after # EOF")]
    [InlineData("# EOFa 1", "unexpected data after # EOF")]
    [InlineData("#\tTYPE c counter\n", "expected a valid start token, got \"#\\t\" (\"INVALID\") while parsing: \"#\\t\"")]
    [InlineData("# TYPE c  counter\n", "invalid metric type \" counter\"")]
    [InlineData("a 1 1 1\n# EOF\n", "expected next entry after timestamp, got \" 1\\n\" (\"TIMESTAMP\") while parsing: \"a 1 1 1\\n\"")]
    [InlineData("a{b='c'} 1\n# EOF\n", "expected label value, got \"'\" (\"INVALID\") while parsing: \"a{b='\"")]
    [InlineData("a{,b=\"c\"} 1\n# EOF\n", "expected label name, got \",b\" (\"COMMA\") while parsing: \"a{,b\"")]
    [InlineData("a{b=\"c\"d=\"e\"} 1\n# EOF\n", "expected comma or brace close, got \"d=\" (\"LNAME\") while parsing: \"a{b=\\\"c\\\"d=\"")]
    [InlineData("a{b=\"c\",,d=\"e\"} 1\n# EOF\n", "expected label name, got \",d\" (\"COMMA\") while parsing: \"a{b=\\\"c\\\",,d\"")]
    [InlineData("a{b=\n# EOF\n", "expected label value, got \"\\n\" (\"INVALID\") while parsing: \"a{b=\\n\"")]
    [InlineData("a{\xff=\"foo\"} 1\n# EOF\n", "expected label name, got \"\\xff\" (\"INVALID\") while parsing: \"a{\\xff\"")]
    [InlineData("a{b=\"\xff\"} 1\n# EOF\n", "invalid UTF-8 label value: \"\\\"\\xff\\\"\"")]
    [InlineData("{\"a\",\"b = \"c\"}\n# EOF\n", "expected equal, got \"c\\\"\" (\"LNAME\") while parsing: \"{\\\"a\\\",\\\"b = \\\"c\\\"\"")]
    [InlineData("{\"a\",b\\nc=\"d\"} 1\n# EOF\n", "expected equal, got \"\\\\\" (\"INVALID\") while parsing: \"{\\\"a\\\",b\\\\\"")]
    [InlineData("a true\n", "strconv.ParseFloat: parsing \"true\": invalid syntax while parsing: \"a true\"")]
    [InlineData("odd{problem=\"\n# EOF\n", "expected label value, got \"\\\"\\n\" (\"INVALID\") while parsing: \"odd{problem=\\\"\\n\"")]
    [InlineData("nameless{=\"\"} 0\n# EOF\n", "expected label name, got \"=\\\"\" (\"EQUAL\") while parsing: \"nameless{=\\\"\"")]
    [InlineData("foo 1_2\n\n# EOF\n", "unsupported character in float while parsing: \"foo 1_2\"")]
    [InlineData("foo 0x1p-3\n\n# EOF\n", "unsupported character in float while parsing: \"foo 0x1p-3\"")]
    [InlineData("foo 0 1_2\n\n# EOF\n", "unsupported character in float while parsing: \"foo 0 1_2\"")]
    [InlineData("ex_total 1 # {aa=bb}\n# EOF\n", "expected label value, got \"b\" (\"INVALID\") while parsing: \"ex_total 1 # {aa=b\"")]
    [InlineData("ex_total 1 # {aa=\"bb\"}\n# EOF\n", "expected value after exemplar labels, got \"\\n\" (\"INVALID\") while parsing: \"ex_total 1 # {aa=\\\"bb\\\"}\\n\"")]
    [InlineData("ex_total 1 # {aa=\"bb\"}", "expected value after exemplar labels, got \"}\" (\"EOF\") while parsing: \"ex_total 1 # {aa=\\\"bb\\\"}\"")]
    [InlineData("ex_total 1 # {bb}", "expected label name, got \"}\" (\"BCLOSE\") while parsing: \"ex_total 1 # {bb}\"")]
    [InlineData("ex_total 1 # {bb, a=\"dd\"}", "expected label name, got \", \" (\"COMMA\") while parsing: \"ex_total 1 # {bb, \"")]
    [InlineData("ex_total 1 # {aa=\"bb\",,cc=\"dd\"} 1", "expected label name, got \",c\" (\"COMMA\") while parsing: \"ex_total 1 # {aa=\\\"bb\\\",,c\"")]
    [InlineData("ex_total 1 # {aa=\"bb\"} 1_2", "unsupported character in float while parsing: \"ex_total 1 # {aa=\\\"bb\\\"} 1_2\"")]
    [InlineData("ex_total 1 # {aa=\"bb\"} 0x1p-3", "unsupported character in float while parsing: \"ex_total 1 # {aa=\\\"bb\\\"} 0x1p-3\"")]
    [InlineData("ex_total 1 # {aa=\"bb\"} true", "strconv.ParseFloat: parsing \"true\": invalid syntax while parsing: \"ex_total 1 # {aa=\\\"bb\\\"} true\"")]
    [InlineData("ex_total 1 # {aa=\"bb\",cc=}", "expected label value, got \"}\" (\"INVALID\") while parsing: \"ex_total 1 # {aa=\\\"bb\\\",cc=}\"")]
    [InlineData("ex_total 1 # {aa=\\\"\xff\\\"} 9.0", "expected label value, got \"\\\\\" (\"INVALID\") while parsing: \"ex_total 1 # {aa=\\\\\"")]
    [InlineData("{b=\"c\",} 1", "metric name not set while parsing: \"{b=\\\"c\\\",} 1\"")]
    [InlineData("a 1 NaN", "invalid timestamp NaN")]
    [InlineData("a 1 -Inf", "invalid timestamp -Inf")]
    [InlineData("a 1 Inf", "invalid timestamp +Inf")]
    [InlineData("# TYPE hhh histogram\nhhh_bucket{le=\"+Inf\"} 1 # {aa=\"bb\"} 4 NaN", "invalid exemplar timestamp NaN")]
    [InlineData("# TYPE hhh histogram\nhhh_bucket{le=\"+Inf\"} 1 # {aa=\"bb\"} 4 -Inf", "invalid exemplar timestamp -Inf")]
    [InlineData("# TYPE hhh histogram\nhhh_bucket{le=\"+Inf\"} 1 # {aa=\"bb\"} 4 Inf", "invalid exemplar timestamp +Inf")]
    // NUL bytes: only label values and help text may hold them.
    [InlineData("a{b=\0\"ssss\"} 1\n# EOF\n", "expected label value, got \"\\x00\" (\"INVALID\") while parsing: \"a{b=\\x00\"")]
    [InlineData("a{b=\"\0", "expected label value, got \"\\\"\\x00\" (\"INVALID\") while parsing: \"a{b=\\\"\\x00\"")]
    [InlineData("a{b\0=\"hiih\"}\t1", "expected equal, got \"\\x00\" (\"INVALID\") while parsing: \"a{b\\x00\"")]
    [InlineData("a\0{b=\"ddd\"} 1", "expected value after metric, got \"\\x00\" (\"INVALID\") while parsing: \"a\\x00\"")]
    [InlineData("#", "expected a valid start token, got \"#\" (\"INVALID\") while parsing: \"#\"")]
    [InlineData("# H", "expected a valid start token, got \"# H\" (\"INVALID\") while parsing: \"# H\"")]
    [InlineData("ex_total 1 # {b=\0\"ssss\"} 1\n", "expected label value, got \"\\x00\" (\"INVALID\") while parsing: \"ex_total 1 # {b=\\x00\"")]
    [InlineData("ex_total 1 # {b=\"\0ss\"} 1\n", "expected label value, got \"\\\"\\x00\" (\"INVALID\") while parsing: \"ex_total 1 # {b=\\\"\\x00\"")]
    // Not in upstream's tables, same rules.
    [InlineData("# random comment\n# EOF\n", "expected a valid start token, got \"# r\" (\"INVALID\") while parsing: \"# r\"")]
    [InlineData("m{a=\"1\", b=\"2\"} 1\n# EOF\n", "expected label name, got \" \" (\"INVALID\") while parsing: \"m{a=\\\"1\\\", \"")]
    [InlineData("m  1\n# EOF\n", "expected value after metric, got \"  \" (\"INVALID\") while parsing: \"m  \"")]
    [InlineData("{a=\"1\",b} 1\n# EOF\n", "expected equal, got \"} \" (\"BCLOSE\") while parsing: \"{a=\\\"1\\\",b} \"")]
    [InlineData("m{a=\"x\ny\"} 1\n# EOF\n", "expected label value, got \"\\\"x\\n\" (\"INVALID\") while parsing: \"m{a=\\\"x\\n\"")]
    [InlineData("m 1 # {a=\"b\"\n# EOF\n", "expected comma or brace close, got \"\\n\" (\"INVALID\") while parsing: \"m 1 # {a=\\\"b\\\"\\n\"")]
    [InlineData("m_total 1 # {a=\"b\"} 1 2 3\n# EOF\n", "expected next entry after exemplar timestamp, got \" 3\\n\" (\"TIMESTAMP\") while parsing: \"m_total 1 # {a=\\\"b\\\"} 1 2 3\\n\"")]
    [InlineData("m 1\r\n# EOF\n", "strconv.ParseFloat: parsing \"1\\r\": invalid syntax while parsing: \"m 1\\r\"")]
    public void Exact_error_text(string input, string detail)
    {
        var e = Failure(OpenMetrics(Raw(input)));
        Assert.Equal(detail, e.Detail);
        Assert.Equal("openmetrics format", e.Format);
    }

    [Fact]
    public void Message_names_the_line()
    {
        var e = Failure(OpenMetrics("# TYPE a gauge\na 1\nb x\n# EOF\n"));
        Assert.Equal("openmetrics format parsing error in line 3: strconv.ParseFloat: parsing \"x\": invalid syntax while parsing: \"b x\"", e.Message);
    }

    [Fact]
    public void Missing_eof_names_the_last_line()
    {
        var e = Failure(OpenMetrics("a 1\nb 2\n"));
        Assert.Equal(3, e.LineNumber);
        Assert.Equal("data does not end with # EOF", e.Detail);
    }

    [Fact]
    public void Repeated_label_fails()
    {
        var e = Failure(OpenMetrics("m{a=\"1\",a=\"2\"} 1\n# EOF\n"));
        Assert.Equal("openmetrics format parsing error in line 1: label name \"a\" is not unique: invalid sample", e.Message);
    }
}
