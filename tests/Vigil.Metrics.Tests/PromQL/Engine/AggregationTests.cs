using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using static Vigil.Metrics.Tests.PromQL.Engine.Q;

namespace Vigil.Metrics.Tests.PromQL.Engine;

public class AggregationTests
{
    private static EngineTestStore Store() => new EngineTestStore()
        .Add(Labels.Of("__name__", "x", "job", "a", "i", "1"), (0, 1))
        .Add(Labels.Of("__name__", "x", "job", "a", "i", "2"), (0, 3))
        .Add(Labels.Of("__name__", "x", "job", "b", "i", "1"), (0, 10))
        .Add(Labels.Of("__name__", "x", "job", "b", "i", "2"), (0, 10))
        .Add(Labels.Of("__name__", "x", "job", "c", "i", "1"), (0, double.NaN));

    [Theory]
    [InlineData(AggregationOp.Sum, "{job=\"a\"} => 4|{job=\"b\"} => 20|{job=\"c\"} => NaN")]
    [InlineData(AggregationOp.Avg, "{job=\"a\"} => 2|{job=\"b\"} => 10|{job=\"c\"} => NaN")]
    [InlineData(AggregationOp.Count, "{job=\"a\"} => 2|{job=\"b\"} => 2|{job=\"c\"} => 1")]
    [InlineData(AggregationOp.Min, "{job=\"a\"} => 1|{job=\"b\"} => 10|{job=\"c\"} => NaN")]
    [InlineData(AggregationOp.Max, "{job=\"a\"} => 3|{job=\"b\"} => 10|{job=\"c\"} => NaN")]
    [InlineData(AggregationOp.Group, "{job=\"a\"} => 1|{job=\"b\"} => 1|{job=\"c\"} => 1")]
    [InlineData(AggregationOp.Stddev, "{job=\"a\"} => 1|{job=\"b\"} => 0|{job=\"c\"} => NaN")]
    [InlineData(AggregationOp.Stdvar, "{job=\"a\"} => 1|{job=\"b\"} => 0|{job=\"c\"} => NaN")]
    public void Aggregates_by_label(AggregationOp op, string expected)
    {
        var result = EngineRun.Instant(Store(), Agg(op, Sel("x"), grouping: "job"), 0);
        Assert.Equal(expected.Split('|'), EngineRun.Set(result));
    }

    [Fact]
    public void Without_drops_listed_labels_and_the_name()
    {
        var result = EngineRun.Instant(Store(), Agg(AggregationOp.Sum, Sel("x"), without: true, grouping: "job"), 0);
        Assert.Equal(["{i=\"1\"} => NaN", "{i=\"2\"} => 13"], EngineRun.Set(result));
    }

    [Fact]
    public void Topk_orders_descending_and_keeps_labels()
    {
        var result = EngineRun.Instant(Store(), Agg(AggregationOp.TopK, Sel("x", ("job", "a")), Num(1)), 0);
        Assert.Equal(["{__name__=\"x\", i=\"2\", job=\"a\"} => 3"], EngineRun.Lines(result));
        var bottom = EngineRun.Instant(Store(), Agg(AggregationOp.BottomK, Sel("x"), Num(3)), 0);
        Assert.Equal(["1", "3", "10"], EngineRun.Lines(bottom).Select(l => l.Split(" => ")[1]));
    }

    [Fact]
    public void Topk_with_nan_parameter_fails()
    {
        var result = EngineRun.Instant(Store(), Agg(AggregationOp.TopK, Sel("x"), Num(double.NaN)), 0);
        Assert.Equal("Parameter value is NaN", result.Error!.Message);
    }

    [Fact]
    public void Quantile_interpolates_and_warns_outside_zero_one()
    {
        var result = EngineRun.Instant(Store(), Agg(AggregationOp.Quantile, Sel("x", ("job", "a")), Num(0.5)), 0);
        Assert.Equal(["{} => 2"], EngineRun.Lines(result));
        var bad = EngineRun.Instant(Store(), Agg(AggregationOp.Quantile, Sel("x", ("job", "a")), Num(2)), 0);
        Assert.Equal(["{} => Infinity"], EngineRun.Lines(bad));
        Assert.Contains(bad.Annotations.Items, a => a.Detail == "quantile value should be between 0 and 1, got 2");
    }

    [Fact]
    public void Count_values_labels_by_value()
    {
        var result = EngineRun.Instant(Store(), Agg(AggregationOp.CountValues, Sel("x", ("job", "b")), new StringLiteral("v")), 0);
        Assert.Equal(["{v=\"10\"} => 2"], EngineRun.Lines(result));
    }

    [Fact]
    public void Limitk_range_query_keeps_k_series_per_step()
    {
        var store = new EngineTestStore();
        for (int i = 0; i < 5; i++) store.Series(Labels.Of("__name__", "y", "i", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), 60_000, i, 0, 3);
        var result = EngineRun.Range(store, Agg(AggregationOp.Count, Agg(AggregationOp.LimitK, Sel("y"), Num(2))), 0, 120_000, 60_000);
        Assert.Equal(["{} => 0:2 60000:2 120000:2"], EngineRun.MatrixLines(result));
    }

    [Fact]
    public void Limit_ratio_uses_prometheus_label_hash()
    {
        // xxHash64 (seed 0) reference values, checked against libxxhash.
        Assert.Equal(0xef46db3751d8e999UL, Vigil.Metrics.PromQL.Engine.RatioSampler.XxHash64([]));
        Assert.Equal(0xd24ec4f1a98c6e5bUL, Vigil.Metrics.PromQL.Engine.RatioSampler.XxHash64("a"u8));
        Assert.Equal(0xfbcea83c8a378bf1UL, Vigil.Metrics.PromQL.Engine.RatioSampler.XxHash64("Nobody inspects the spammish repetition"u8));
    }
}
