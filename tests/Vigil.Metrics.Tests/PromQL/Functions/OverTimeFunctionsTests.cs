using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Functions;
using Vigil.Metrics.PromQL.Values;
using static Vigil.Metrics.Tests.PromQL.Functions.FunctionTestKit;

namespace Vigil.Metrics.Tests.PromQL.Functions;

/// <summary>*_over_time aggregations, statistics and trends, with expected values from upstream's functions.test.</summary>
public sealed class OverTimeFunctionsTests
{
    private const long TenSeconds = 10_000;

    [Theory]
    [InlineData("1 2 3 4 5", 3)]
    [InlineData("1 2 3 4 Inf", double.PositiveInfinity)]
    [InlineData("1 2 3 Inf -Inf", double.NaN)]
    [InlineData("Inf 0 Inf", double.PositiveInfinity)]
    [InlineData("-Inf -Inf -Inf Inf", double.NaN)]
    [InlineData("9.988465674311579e+307 9.988465674311579e+307", 9.988465674311579e+307)]
    [InlineData("-9.988465674311579e+307 -9.988465674311579e+307 -9.988465674311579e+307", -9.988465674311579e+307)]
    [InlineData("-9.988465674311579e+307 9.988465674311579e+307", 0)]
    [InlineData("1 2 3 NaN NaN", double.NaN)]
    public void Avg_over_time_stays_finite_where_the_sum_overflows(string series, double expected)
    {
        Near(expected, Single(CallRange("avg_over_time", 55_000, Load(TenSeconds, series), Minute)));
    }

    [Theory]
    [InlineData("1e10 1e-6 1e-6 1e-6 1e-6 1e-6", 1.6666666666666675e+09)]
    [InlineData("5.30921651659898 0.961118537914768 1.62091361305318 0.865089463758091 0.323055185914577 0.951811357687154", 1.67186744582113)]
    [InlineData("1.78264e50 0.76342771 1.9592258 7.69805412 458.90154", 3.56528E+49)]
    [InlineData("-1.78264E+215 0.76342771 1.9592258 2.258E+220 7.69805412 -458.90154", 3.76330362266667E+219)]
    public void Avg_over_time_is_accurate_for_mixed_magnitudes(string series, double expected)
    {
        Near(expected, Single(CallRange("avg_over_time", 55_000, Load(5_000, series), Minute)));
    }

    [Fact]
    public void Sum_over_time_uses_compensated_summation()
    {
        Near(2, Single(CallRange("sum_over_time", Minute, Load(TenSeconds, "1 1e100 1 -1e100"), 2 * Minute)));
        Near(0.5, Single(CallRange("avg_over_time", Minute, Load(TenSeconds, "1 1e100 1 -1e100"), 2 * Minute)));
    }

    [Fact]
    public void Count_present_min_max_last_first()
    {
        var points = Load(10_053, "1 2 3 0 5 6 2 1 4");
        Near(8, Single(CallRange("count_over_time", 90_000, points, 90_000)));
        Near(1, Single(CallRange("present_over_time", 90_000, points, 90_000)));
        Near(0, Single(CallRange("min_over_time", 90_000, points, 90_000)));
        Near(6, Single(CallRange("max_over_time", 90_000, points, 90_000)));
        Near(30.159, Single(CallRange("ts_of_min_over_time", 90_000, points, 90_000)));
        Near(50.265, Single(CallRange("ts_of_max_over_time", 90_000, points, 90_000)));
        Near(80.424, Single(CallRange("ts_of_last_over_time", 90_000, points, 90_000)));
        Near(10.053, Single(CallRange("ts_of_first_over_time", 90_000, points, 90_000)));
    }

    [Fact]
    public void Last_and_first_over_time_keep_the_metric_name_others_drop_it()
    {
        var points = Load(TenSeconds, "1 2 3");
        var last = CallRange("last_over_time", 30_000, points, Minute);
        Assert.Equal(3, Single(last));
        Assert.False(last[0].DropName);
        var first = CallRange("first_over_time", 30_000, points, Minute);
        Assert.Equal(1, Single(first));
        Assert.False(first[0].DropName);
        Assert.True(CallRange("max_over_time", 30_000, points, Minute)[0].DropName);
        Assert.True(CallRange("ts_of_last_over_time", 30_000, points, Minute)[0].DropName);
    }

    [Fact]
    public void Max_over_time_ignores_a_leading_nan_and_notes_histograms()
    {
        Near(3, Single(CallRange("max_over_time", 30_000, Load(TenSeconds, "NaN 3 1"), Minute)));
        var annotations = new Annotations();
        var helper = new EvalNodeHelper { Timestamp = Minute, RangeStart = 0, RangeEnd = Minute };
        var series = new RangeSeries(Labels.Of("__name__", "mix"))
        {
            Floats = [new FPoint(10_000, 1)],
            Histograms = [new HPoint(20_000, new FloatHistogram { Count = 1 })],
        };
        Assert.True(FunctionRegistry.TryGet("max_over_time", out var max));
        max([new Vector()], [series], [MatrixArg("mix", Minute, position: 14)], helper, annotations);
        Assert.Equal(1, Single(helper.Output));
        Assert.Equal("PromQL info: ignored histograms in a range containing both floats and histograms for metric name \"mix\" (1:15)",
            Assert.Single(annotations.Items).Render("max_over_time(mix[1m])"));
    }

    [Theory]
    [InlineData(0, "0 1", 0)]
    [InlineData(0.5, "0 1", 0.5)]
    [InlineData(0.5, "0 1 2", 1)]
    [InlineData(0.75, "0 1 4", 2.5)]
    [InlineData(0.8, "0 1 2", 1.6)]
    [InlineData(1, "0 1 4", 4)]
    [InlineData(-1, "0 1 4", double.NegativeInfinity)]
    [InlineData(2, "0 1 4", double.PositiveInfinity)]
    public void Quantile_over_time(double q, string series, double expected)
    {
        var annotations = new Annotations();
        Expr[] args = [Number(q), MatrixArg("data", 2 * Minute, position: 23)];
        var v = CallRange("quantile_over_time", Minute, Load(TenSeconds, series), 2 * Minute, args: args,
            vectorArgs: [ScalarVector(q), new Vector()], annotations: annotations);
        Near(expected, Single(v));
        if (q is < 0 or > 1)
            Assert.Equal($"quantile value should be between 0 and 1, got {(q < 0 ? "-1" : "2")}", Assert.Single(annotations.Items).Detail);
        else Assert.Empty(annotations.Items);
    }

    [Fact]
    public void Quantile_over_time_accepts_the_upstream_argument_layout_without_a_matrix_slot()
    {
        Expr[] args = [Number(0.5), MatrixArg("data", 2 * Minute)];
        var v = CallRange("quantile_over_time", Minute, Load(TenSeconds, "0 1 2"), 2 * Minute, args: args, vectorArgs: [ScalarVector(0.5)]);
        Near(1, Single(v));
    }

    [Fact]
    public void Stddev_and_stdvar_over_time()
    {
        Near(10.56, Single(CallRange("stdvar_over_time", Minute, Load(TenSeconds, "0 8 8 2 3"), 2 * Minute)));
        Near(3.249615, Single(CallRange("stddev_over_time", Minute, Load(TenSeconds, "0 8 8 2 3"), 2 * Minute)));
        Assert.Equal(0, Single(CallRange("stdvar_over_time", 55_000, Load(TenSeconds, "1.5990505637277868 1.5990505637277868 1.5990505637277868"), Minute)));
    }

    [Theory]
    [InlineData("4 6 2 1 999 1 2", 70, 70, 1)]
    [InlineData("1 2 3 4 5", 40, 50, 1)]
    [InlineData("7 7 7 7 7", 40, 50, 0)]
    [InlineData("5", 0, 10, 0)]
    [InlineData("1 2 NaN 4", 30, 40, double.NaN)]
    public void Mad_over_time(string series, int atSeconds, int rangeSeconds, double expected)
    {
        Near(expected, Single(CallRange("mad_over_time", atSeconds * 1000L, Load(TenSeconds, series), rangeSeconds * 1000L)));
    }

    [Theory]
    [InlineData("1 2 3 0 1 0 0 1 2 0", 20, 1, 2)]
    [InlineData("1 2 3 0 1 0 0 1 2 0", 50, 3, 7)]
    [InlineData("1 2 3 4 5 1 2 3 4 5", 32, 1, 4)]
    [InlineData("0 0 0 0 0 1 1 1 1 1", 50, 0, 1)]
    public void Resets_and_changes(string series, int rangeMinutes, double resets, double changes)
    {
        var points = Load(5 * Minute, series);
        Near(resets, Single(CallRange("resets", 50 * Minute, points, rangeMinutes * Minute)));
        if (rangeMinutes != 32) Near(changes, Single(CallRange("changes", 50 * Minute, points, rangeMinutes * Minute)));
    }

    [Fact]
    public void Changes_treats_nan_to_nan_as_no_change()
    {
        Near(0, Single(CallRange("changes", 15 * Minute, Load(5 * Minute, "NaN NaN NaN"), 20 * Minute)));
        Near(2, Single(CallRange("changes", 15 * Minute, Load(5 * Minute, "0 NaN 0"), 20 * Minute)));
    }

    [Fact]
    public void Changes_anchored_compares_with_the_sample_before_the_window()
    {
        // Window (15s, 75s] holds 3,4,5,9 (t=30..75); anchored adds t=15 (2): 4 changes.
        var points = Load(15_000, "1+1x4 9+1x4");
        Near(4, Single(CallRange("changes", 75_000, points, Minute, anchored: true)));
        Near(3, Single(CallRange("changes", 75_000, points, Minute)));
    }

    [Fact]
    public void Deriv_and_predict_linear()
    {
        var counter = Load(5 * Minute, "0+10x4 0+10x5");
        Near(0.26666666666666666, Single(CallRange("deriv", 50 * Minute, Load(5 * Minute, "0+80x10"), 50 * Minute)));
        Near(0.010606060606060607, Single(CallRange("deriv", 50 * Minute, counter, 100 * Minute)));
        Near(double.NaN, Single(CallRange("deriv", 100 * Minute, Load(5 * Minute, "-Inf 0+80x10 Inf"), 100 * Minute)));

        Expr[] args = [MatrixArg("m", 50 * Minute), Number(3600)];
        Near(70, Single(CallRange("predict_linear", 50 * Minute, counter, 50 * Minute, args: args, vectorArgs: [new Vector(), ScalarVector(3600)])));
    }

    [Fact]
    public void Predict_linear_intercepts_at_the_step_time_even_when_the_window_is_pinned_by_at()
    {
        // predict_linear(x[55m] @ 3000, 3600) evaluated at 10m: the window ends at 3000s, the intercept is at 600s.
        var helper = new EvalNodeHelper();
        helper.Timestamp = 10 * Minute;
        helper.RangeStart = 3_000_000 - 55 * Minute;
        helper.RangeEnd = 3_000_000;
        var series = new RangeSeries(Labels.Of("__name__", "m"))
        {
            Floats = Window(Load(5 * Minute, "0+10x4 0+10x5"), helper.RangeStart, helper.RangeEnd),
        };
        Assert.True(FunctionRegistry.TryGet("predict_linear", out var call));
        call([new Vector(), ScalarVector(3600)], [series], [MatrixArg("m", 55 * Minute), Number(3600)], helper, new Annotations());
        Near(51.36363636363637, Single(helper.Output));
    }

    [Fact]
    public void Double_exponential_smoothing_and_its_holt_winters_alias()
    {
        var points = Load(TenSeconds, "0+10x1000 100+30x1000");
        Expr[] args = [MatrixArg("m", Minute), Number(0.01), Number(0.1)];
        Vector[] values = [new Vector(), ScalarVector(0.01), ScalarVector(0.1)];
        Near(8000, Single(CallRange("double_exponential_smoothing", 8000_000, points, Minute, args: args, vectorArgs: values)));
        Near(8000, Single(CallRange("holt_winters", 8000_000, points, Minute, args: args, vectorArgs: values)));
        Near(-32000, Single(CallRange("double_exponential_smoothing", 8000_000, Load(TenSeconds, "0-40x1000 0+40x1000"), Minute, args: args, vectorArgs: values)));
    }

    [Theory]
    [InlineData(0, 0.5, "invalid smoothing factor. Expected: 0 < sf < 1, got: 0.000000")]
    [InlineData(1.5, 0.5, "invalid smoothing factor. Expected: 0 < sf < 1, got: 1.500000")]
    [InlineData(0.5, 1, "invalid trend factor. Expected: 0 < tf < 1, got: 1.000000")]
    public void Double_exponential_smoothing_rejects_factors_out_of_range(double sf, double tf, string message)
    {
        Expr[] args = [MatrixArg("m", Minute), Number(sf), Number(tf)];
        var e = Assert.Throws<FunctionEvalException>(() =>
            CallRange("double_exponential_smoothing", Minute, Load(TenSeconds, "1 2 3"), Minute, args: args,
                vectorArgs: [new Vector(), ScalarVector(sf), ScalarVector(tf)]));
        Assert.Equal(message, e.Message);
    }
}
