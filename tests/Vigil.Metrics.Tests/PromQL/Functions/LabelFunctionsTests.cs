using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Functions;
using Vigil.Metrics.PromQL.Values;
using static Vigil.Metrics.Tests.PromQL.Functions.FunctionTestKit;

namespace Vigil.Metrics.Tests.PromQL.Functions;

/// <summary>label_replace and label_join: RE2 semantics (anchored, <c>.</c> matches newline), Go's $-expansion, upstream's errors.</summary>
public sealed class LabelFunctionsTests
{
    private static Vector Replace(Vector input, string dst, string replacement, string src, string regex, EvalNodeHelper? helper = null) =>
        CallInstant("label_replace", [Number(0), Str(dst), Str(replacement), Str(src), Str(regex)], [input, [], [], [], []], helper: helper);

    [Fact]
    public void Replaces_with_groups_when_the_whole_value_matches()
    {
        var v = Replace(Vec(("testmetric{src=\"source-value-10\",dst=\"original-destination-value\"}", 0)), "dst", "destination-value-$1", "src", "source-value-(.*)");
        Assert.Equal("destination-value-10", Assert.Single(v).Metric.Get("dst"));
        Assert.False(v[0].DropName);
    }

    [Fact]
    public void Leaves_series_alone_when_the_regex_does_not_match_the_whole_value()
    {
        // Anchored: "value-(.*)" does not match "source-value-10".
        var v = Replace(Vec(("testmetric{src=\"source-value-10\",dst=\"orig\"}", 0)), "dst", "x", "src", "value-(.*)");
        Assert.Equal("orig", Assert.Single(v).Metric.Get("dst"));
    }

    [Fact]
    public void Dot_matches_newline_and_empty_result_deletes_the_label()
    {
        var v = Replace(Vec(("m{src=\"a\nb\",dst=\"x\"}", 0)), "dst", "$1", "src", "(.*)z?");
        Assert.Equal("a\nb", v[0].Metric.Get("dst"));
        v = Replace(Vec(("m{src=\"a\",dst=\"x\"}", 0)), "dst", "", "src", ".*");
        Assert.False(v[0].Metric.Has("dst"));
    }

    [Theory]
    [InlineData("$1", "ab")]
    [InlineData("${1}x", "abx")]
    [InlineData("$1x", "")]
    [InlineData("$$1", "$1")]
    [InlineData("$name-$2", "ab-cd")]
    [InlineData("${name}", "ab")]
    [InlineData("$3", "")]
    [InlineData("$", "$")]
    [InlineData("${1", "${1")]
    [InlineData("$0", "ab-cd")]
    public void Expands_like_go(string template, string expected)
    {
        // Go numbers (?P<name>) groups in order with unnamed ones: name=1, second group=2.
        var v = Replace(Vec(("m{src=\"ab-cd\"}", 0)), "dst", template, "src", "(?P<name>[a-z]+)-([a-z]+)");
        Assert.Equal(expected, v[0].Metric.Get("dst"));
    }

    [Fact]
    public void Setting_the_name_cancels_a_pending_name_drop()
    {
        var input = Vec(("m{src=\"x\"}", 1));
        input[0] = input[0] with { DropName = true };
        var v = Replace(input, "__name__", "renamed", "src", ".*");
        Assert.Equal("renamed", v[0].Metric.Get("__name__"));
        Assert.False(v[0].DropName);
        v = Replace(input, "other", "y", "src", ".*");
        Assert.True(v[0].DropName);
    }

    [Theory]
    [InlineData("(.*", "invalid regular expression in label_replace(): (.*")]
    [InlineData("[", "invalid regular expression in label_replace(): [")]
    public void Invalid_regex_fails_with_upstreams_message(string regex, string message)
    {
        var e = Assert.Throws<FunctionEvalException>(() => Replace([], "dst", "v", "src", regex));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Invalid_destination_name_fails()
    {
        var e = Assert.Throws<FunctionEvalException>(() => Replace([], "", "v", "src", "(.*)"));
        Assert.Equal("invalid destination label name in label_replace(): ", e.Message);
    }

    [Fact]
    public void Identical_results_at_one_step_fail()
    {
        var e = Assert.Throws<FunctionEvalException>(() =>
            Replace(Vec(("m{src=\"a\"}", 1), ("m{src=\"b\"}", 2)), "src", "", "", ""));
        Assert.Equal("vector cannot contain metrics with the same labelset", e.Message);
    }

    [Fact]
    public void Join_concatenates_sources_and_validates_names()
    {
        Expr[] args = [Number(0), Str("dst"), Str("-"), Str("src"), Str("src1"), Str("missing")];
        var v = CallInstant("label_join", args, [Vec(("m{src=\"a\",src1=\"b\"}", 1)), [], [], [], [], []]);
        Assert.Equal("a-b-", v[0].Metric.Get("dst"));

        var e = Assert.Throws<FunctionEvalException>(() =>
            CallInstant("label_join", [Number(0), Str("dst"), Str("-"), Str("")], [[], [], [], []]));
        Assert.Equal("invalid source label name in label_join(): ", e.Message);
        e = Assert.Throws<FunctionEvalException>(() =>
            CallInstant("label_join", [Number(0), Str(""), Str("-"), Str("src")], [[], [], [], []]));
        Assert.Equal("invalid destination label name in label_join(): ", e.Message);
    }
}
