using static Vigil.Metrics.Tests.Scrape.Parsing.ParserHarness;

namespace Vigil.Metrics.Tests.Scrape.Parsing;

/// <summary>
/// Bad text-format input and the exact error Prometheus 3 gives for it (model/textparse promparse.go:
/// same token boundaries, same Go quoting). Inputs are written here with one byte per char (Latin-1)
/// so "\xff" is the invalid UTF-8 byte 0xFF.
/// </summary>
public class PromTextParserErrorTests
{
    [Theory]
    [InlineData("up", "expected value after metric, got \"\\n\" (\"INVALID\") while parsing: \"up\\n\"")]
    [InlineData("x{y='z'} 1\n", "expected label value, got \"'\" (\"INVALID\") while parsing: \"x{y='\"")]
    [InlineData("x{y=\n", "expected label value, got \"\\n\" (\"INVALID\") while parsing: \"x{y=\\n\"")]
    [InlineData("x{\xff=\"v\"} 1\n", "expected label name, got \"\\xff\" (\"INVALID\") while parsing: \"x{\\xff\"")]
    [InlineData("x{y=\"\xff\"} 1\n", "invalid UTF-8 label value: \"\\\"\\xff\\\"\"")]
    [InlineData("{\"m\", \"k = \"v\"}", "expected equal, got \"v\\\"\" (\"LNAME\") while parsing: \"{\\\"m\\\", \\\"k = \\\"v\\\"\"")]
    [InlineData("{\"m\",k\\nj=\"v\"} 1", "expected equal, got \"\\\\\" (\"INVALID\") while parsing: \"{\\\"m\\\",k\\\\\"")]
    [InlineData("x true\n", "strconv.ParseFloat: parsing \"true\": invalid syntax while parsing: \"x true\"")]
    [InlineData("odd{problem=\"", "expected label value, got \"\\\"\\n\" (\"INVALID\") while parsing: \"odd{problem=\\\"\\n\"")]
    [InlineData("nameless{=\"\"} 0", "expected label name, got \"=\\\"\" (\"EQUAL\") while parsing: \"nameless{=\\\"\"")]
    [InlineData("x 1_2\n", "unsupported character in float while parsing: \"x 1_2\"")]
    [InlineData("x 0x1p-3\n", "unsupported character in float while parsing: \"x 0x1p-3\"")]
    [InlineData("x 0x1P-3\n", "unsupported character in float while parsing: \"x 0x1P-3\"")]
    [InlineData("x 0x10\n", "strconv.ParseFloat: parsing \"0x10\": invalid syntax while parsing: \"x 0x10\"")]
    [InlineData("x 0 1_2\n", "expected next entry after timestamp, got \"_\" (\"INVALID\") while parsing: \"x 0 1_\"")]
    [InlineData("{a=\"ok\"} 1", "metric name not set while parsing: \"{a=\\\"ok\\\"} 1\"")]
    [InlineData("# TYPE #\n", "expected metric name after TYPE, got \"#\" (\"INVALID\") while parsing: \"# TYPE #\"")]
    [InlineData("# HELP #\n", "expected metric name after HELP, got \"#\" (\"INVALID\") while parsing: \"# HELP #\"")]
    [InlineData("# TYPE m foo\n", "invalid metric type \"foo\"")]
    [InlineData("# TYPE m counter \n", "invalid metric type \"counter \"")]
    [InlineData("# TYPE m unknown\n", "invalid metric type \"unknown\"")]
    [InlineData("# HELP m \xff\n", "help text \"\\xff\" is not a valid utf8 string")]
    [InlineData("x 1e400\n", "strconv.ParseFloat: parsing \"1e400\": value out of range while parsing: \"x 1e400\"")]
    [InlineData("x -1e400\n", "strconv.ParseFloat: parsing \"-1e400\": value out of range while parsing: \"x -1e400\"")]
    [InlineData("x 1 99999999999999999999\n", "strconv.ParseInt: parsing \"99999999999999999999\": value out of range while parsing: \"x 1 99999999999999999999\"")]
    [InlineData("x 1 2 3\n", "expected next entry after timestamp, got \"3\\n\" (\"TIMESTAMP\") while parsing: \"x 1 2 3\\n\"")]
    [InlineData("x 1 1.5\n", "expected next entry after timestamp, got \".\" (\"INVALID\") while parsing: \"x 1 1.\"")]
    [InlineData("x 1 -\n", "expected timestamp or new record, got \"-\\n\" (\"INVALID\") while parsing: \"x 1 -\\n\"")]
    [InlineData("x{a=\"1\"} 1 # {t=\"y\"} 1\n", "expected timestamp or new record, got \"#\" (\"INVALID\") while parsing: \"x{a=\\\"1\\\"} 1 #\"")]
    [InlineData("x +NaN\n", "strconv.ParseFloat: parsing \"+NaN\": invalid syntax while parsing: \"x +NaN\"")]
    [InlineData("x infin\n", "strconv.ParseFloat: parsing \"infin\": invalid syntax while parsing: \"x infin\"")]
    [InlineData("x 1e\n", "strconv.ParseFloat: parsing \"1e\": invalid syntax while parsing: \"x 1e\"")]
    [InlineData("x .\n", "strconv.ParseFloat: parsing \".\": invalid syntax while parsing: \"x .\"")]
    [InlineData("x 1}\n", "strconv.ParseFloat: parsing \"1}\": invalid syntax while parsing: \"x 1}\"")]
    [InlineData("{\"a\",\"b\"} 1\n", "metric name already set while parsing: \"{\\\"a\\\",\\\"b\\\"}\"")]
    [InlineData("m{\"a\"} 1\n", "metric name already set while parsing: \"m{\\\"a\\\"}\"")]
    [InlineData("{\"\"} 1\n", "missing metric name (__name__ label)")]
    [InlineData("m{\"\"=\"v\"} 1\n", "empty label name while parsing: \"m{\\\"\\\"=\"")]
    [InlineData("m{a=\"1\"}{b=\"2\"} 1\n", "expected value after metric, got \"{b\" (\"BOPEN\") while parsing: \"m{a=\\\"1\\\"}{b\"")]
    [InlineData("m{\"\xff\"=\"v\"} 1\n", "invalid UTF-8 label name: \"\\xff\"")]
    [InlineData("{\"\xff\"} 1\n", "invalid UTF-8 metric name: \"\\xff\"")]
    [InlineData("m\t}\n", "strconv.ParseFloat: parsing \"}\": invalid syntax while parsing: \"m\\t}\"")]
    [InlineData("\xef\xbb\xbfm 1\n", "expected a valid start token, got \"\\xef\" (\"INVALID\") while parsing: \"\\xef\"")]
    [InlineData("9m 1\n", "expected a valid start token, got \"9\" (\"INVALID\") while parsing: \"9\"")]
    [InlineData("}\n", "expected a valid start token, got \"}\" (\"INVALID\") while parsing: \"}\"")]
    // NUL bytes: kept inside label values, help and comments; an error anywhere else.
    [InlineData("a{b=\0\"ssss\"} 1\n", "expected label value, got \"\\x00\" (\"INVALID\") while parsing: \"a{b=\\x00\"")]
    [InlineData("a{b=\"\0", "expected label value, got \"\\\"\\x00\\n\" (\"INVALID\") while parsing: \"a{b=\\\"\\x00\\n\"")]
    [InlineData("a{b\0=\"hiih\"}\t1", "expected equal, got \"\\x00\" (\"INVALID\") while parsing: \"a{b\\x00\"")]
    [InlineData("a\0{b=\"ddd\"} 1", "expected value after metric, got \"\\x00\" (\"INVALID\") while parsing: \"a\\x00\"")]
    [InlineData("a 0 1\0", "expected next entry after timestamp, got \"\\x00\" (\"INVALID\") while parsing: \"a 0 1\\x00\"")]
    [InlineData("ok 1\n\0m 1\n", "expected a valid start token, got \"\\x00\" (\"INVALID\") while parsing: \"\\x00\"")]
    public void Exact_error_text(string input, string detail)
    {
        var e = Failure(Text(Raw(input)));
        Assert.Equal(detail, e.Detail);
        Assert.Equal("text format", e.Format);
    }

    [Fact]
    public void Message_names_the_line()
    {
        var e = Failure(Text("# HELP a x\na 1\n\nb{c=\"d\"} 2\nc x\nd 4\n"));
        Assert.Equal(5, e.LineNumber);
        Assert.Equal("text format parsing error in line 5: strconv.ParseFloat: parsing \"x\": invalid syntax while parsing: \"c x\"", e.Message);
    }

    [Fact]
    public void A_multi_line_label_value_counts_its_lines()
    {
        var e = Failure(Text("a{b=\"1\n2\"} 1\nc x\n"));
        Assert.Equal(3, e.LineNumber);
    }

    [Fact]
    public void A_giant_line_gives_a_bounded_message()
    {
        string body = "m{a=\"" + new string('v', 1_000_000) + "\"} bad\n";
        var e = Failure(Text(body));
        Assert.True(e.Message.Length < 4000, $"message of {e.Message.Length} chars");
        Assert.Contains("...vvv", e.Detail, StringComparison.Ordinal);
        Assert.StartsWith("strconv.ParseFloat: parsing \"bad\": invalid syntax while parsing: \"...", e.Detail, StringComparison.Ordinal);
    }
}
