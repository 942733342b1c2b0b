using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Functions;
using Vigil.Metrics.PromQL.Values;
using static Vigil.Metrics.Tests.PromQL.Functions.FunctionTestKit;

namespace Vigil.Metrics.Tests.PromQL.Functions;

/// <summary>sort/sort_desc (NaN last both ways, histograms dropped) and sort_by_label with natural order, from upstream's functions.test.</summary>
public sealed class SortFunctionsTests
{
    private static string[] Order(Vector v, string label) => v.Select(s => s.Metric.Get(label)).ToArray();

    [Fact]
    public void Sort_puts_nan_last_in_both_directions()
    {
        var input = Vec(("m{i=\"a\"}", 300), ("m{i=\"nan\"}", double.NaN), ("m{i=\"b\"}", 100), ("m{i=\"c\"}", 200));
        Assert.Equal(["b", "c", "a", "nan"], Order(CallInstant("sort", [Number(0)], [input]), "i"));
        Assert.Equal(["a", "c", "b", "nan"], Order(CallInstant("sort_desc", [Number(0)], [input]), "i"));
    }

    [Fact]
    public void Sort_keeps_input_order_for_ties_and_drops_histograms()
    {
        var input = Vec(("m{i=\"x\"}", 1), ("m{i=\"y\"}", 1), ("m{i=\"h\"}", 0));
        input[2] = input[2] with { H = new FloatHistogram { Count = 1 } };
        Assert.Equal(["x", "y"], Order(CallInstant("sort", [Number(0)], [input]), "i"));
    }

    [Fact]
    public void Sort_by_label_uses_natural_order()
    {
        var cpus = Vec(("c{cpu=\"10\"}", 1), ("c{cpu=\"2\"}", 1), ("c{cpu=\"100\"}", 1), ("c{cpu=\"0\"}", 1), ("c{cpu=\"21\"}", 1), ("c{cpu=\"1\"}", 1));
        Assert.Equal(["0", "1", "2", "10", "21", "100"], Order(CallInstant("sort_by_label", [Number(0), Str("cpu")], [cpus, []]), "cpu"));
        Assert.Equal(["100", "21", "10", "2", "1", "0"], Order(CallInstant("sort_by_label_desc", [Number(0), Str("cpu")], [cpus, []]), "cpu"));

        var uname = Vec(("n{instance=\"4m600\",release=\"1.2.3\"}", 1), ("n{instance=\"4m5\",release=\"1.11.3\"}", 1),
            ("n{instance=\"4m1000\",release=\"1.111.3\"}", 1));
        Assert.Equal(["4m5", "4m600", "4m1000"], Order(CallInstant("sort_by_label", [Number(0), Str("instance")], [uname, []]), "instance"));
        Assert.Equal(["1.2.3", "1.11.3", "1.111.3"], Order(CallInstant("sort_by_label", [Number(0), Str("release")], [uname, []]), "release"));
    }

    [Fact]
    public void Sort_by_label_breaks_ties_by_the_next_label_then_the_full_label_set()
    {
        var input = Vec(("h{group=\"production\",instance=\"0\",job=\"api\"}", 1), ("h{group=\"canary\",instance=\"0\",job=\"app\"}", 1),
            ("h{group=\"canary\",instance=\"0\",job=\"api\"}", 1), ("h{group=\"canary\",instance=\"1\",job=\"api\"}", 1));
        var v = CallInstant("sort_by_label", [Number(0), Str("instance")], [input, []]);
        Assert.Equal(["canary/0/api", "canary/0/app", "production/0/api", "canary/1/api"],
            v.Select(s => $"{s.Metric.Get("group")}/{s.Metric.Get("instance")}/{s.Metric.Get("job")}").ToArray());
        v = CallInstant("sort_by_label_desc", [Number(0), Str("instance")], [input, []]);
        Assert.Equal(["canary/1/api", "production/0/api", "canary/0/app", "canary/0/api"],
            v.Select(s => $"{s.Metric.Get("group")}/{s.Metric.Get("instance")}/{s.Metric.Get("job")}").ToArray());
    }

    [Theory]
    [InlineData("a", "b", true)]
    [InlineData("b", "a", false)]
    [InlineData("2", "10", true)]
    [InlineData("a2", "a10", true)]
    [InlineData("a", "ab", true)]
    [InlineData("ab", "a", false)]
    [InlineData("", "a", false)]
    [InlineData("1.2.3", "1.11.3", true)]
    [InlineData("99999999999999999999", "100000000000000000000", false)]
    public void Natural_order_matches_natsort(string a, string b, bool less) => Assert.Equal(less, NaturalOrder.Less(a, b));
}
