using Vigil.Metrics.PromQL.Values;
using static Vigil.Metrics.Tests.PromQL.Functions.FunctionTestKit;

namespace Vigil.Metrics.Tests.PromQL.Functions;

/// <summary>rate/increase/delta extrapolation and resets, anchored/smoothed windows, irate/idelta. Expected values from upstream's functions.test and extended_vectors.test.</summary>
public sealed class RateFunctionsTests
{
    private const long FiveMin = 5 * Minute;

    [Theory]
    // Starting at 0: no extrapolation to the left; reset series; extrapolation toward the zero point.
    [InlineData("0+10x10", 50, 100)]
    [InlineData("0+18x5 0+18x5", 50, 160)]
    [InlineData("10+10x10", 50, 100)]
    [InlineData("1+10x10", 50, 100)]
    [InlineData("0+10x10", 100, 100)]
    [InlineData("0+18x5 0+18x5", 100, 162)]
    [InlineData("10+10x10", 100, 105)]
    [InlineData("1+10x10", 100, 101)]
    public void Increase_extrapolates_as_upstream(string series, int rangeMinutes, double expected)
    {
        var v = CallRange("increase", 50 * Minute, Load(FiveMin, series), rangeMinutes * Minute);
        Near(expected, Single(v));
        Assert.True(v[0].DropName);
    }

    [Fact]
    public void Increase_treats_a_decrease_as_a_reset_to_zero()
    {
        Near(7, Single(CallRange("increase", 30 * Minute, Load(FiveMin, "0 1 2 3 2 3 4"), 30 * Minute)));
    }

    [Fact]
    public void Rate_handles_resets_and_needs_two_samples()
    {
        Near(0.08, Single(CallRange("rate", 50 * Minute, Load(FiveMin, "0+27x4 0+27x5"), 50 * Minute)));
        var resetAtEnd = Load(FiveMin, "0+10x9 0 10");
        Assert.Empty(CallRange("rate", 50 * Minute, resetAtEnd, 5 * Minute));
        Near(0, Single(CallRange("rate", 50 * Minute, resetAtEnd, 6 * Minute)));
        Near(0.26666666666666666, Single(CallRange("rate", 50 * Minute, Load(FiveMin, "0+80x10"), 50 * Minute)));
    }

    [Fact]
    public void Rate_honours_the_offset_window()
    {
        Near(0.03333333333333333, Single(CallRange("rate", 50 * Minute, Load(FiveMin, "0+10x10"), 10 * Minute, offsetMs: 5 * Minute)));
    }

    [Theory]
    // Zero cutoff for the left extrapolation until half an interval (upstream functions.test, load 4m).
    [InlineData("0+240x10", 10, 0.5)]
    [InlineData("60+240x10", 10, 0.55)]
    [InlineData("120+240x10", 10, 0.6)]
    [InlineData("300+240x10", 10, 0.6)]
    [InlineData("0+240x10", 50, 0.6)]
    public void Rate_zero_cutoff(string series, int atMinutes, double expected)
    {
        Near(expected, Single(CallRange("rate", atMinutes * Minute, Load(4 * Minute, series), 20 * Minute)));
    }

    [Theory]
    [InlineData(20, 1.833333333)]
    [InlineData(50, 4)]
    [InlineData(80, 8)]
    [InlineData(125, 4)]
    public void Increase_plain_extended_vectors_reference(int atSeconds, double expected)
    {
        Near(expected, Single(CallRange("increase", atSeconds * 1000L, Load(15_000, "1+1x4 9+1x4"), Minute)));
    }

    [Theory]
    [InlineData(5, 0)]
    [InlineData(20, 1)]
    [InlineData(65, 4)]
    [InlineData(80, 7)]
    [InlineData(125, 7)]
    public void Increase_anchored(int atSeconds, double expected)
    {
        Near(expected, Single(CallRange("increase", atSeconds * 1000L, Load(15_000, "1+1x4 9+1x4"), Minute, anchored: true)));
    }

    [Theory]
    [InlineData(5, 0.333333333)]
    [InlineData(50, 3.333333333)]
    [InlineData(65, 5)]
    [InlineData(80, 7)]
    [InlineData(125, 6)]
    public void Increase_smoothed(int atSeconds, double expected)
    {
        Near(expected, Single(CallRange("increase", atSeconds * 1000L, Load(15_000, "1+1x4 9+1x4"), Minute, smoothed: true)));
    }

    [Fact]
    public void Delta_does_not_correct_resets()
    {
        // 0..40 then 0..50 over [50m]: last - first, extrapolated by the half-interval rule only.
        var v = CallRange("delta", 50 * Minute, Load(FiveMin, "0+10x4 0+10x5"), 50 * Minute);
        Near((50 - 10) * (50.0 / 45.0), Single(v));
    }

    [Fact]
    public void Irate_uses_the_last_two_samples_and_a_reset_restarts_from_zero()
    {
        Near(10.0 / 300, Single(CallRange("irate", 50 * Minute, Load(FiveMin, "0+10x10"), 50 * Minute)));
        Near(0, Single(CallRange("irate", 30 * Minute, Load(FiveMin, "0+10x5 0+10x5"), 50 * Minute)));
        Near(double.NaN, Single(CallRange("irate", 5 * Minute, Load(FiveMin, "1 NaN NaN 5 11"), 15 * Minute + 1000)));
        Near(0.02, Single(CallRange("irate", 20 * Minute, Load(FiveMin, "1 NaN NaN 5 11"), 15 * Minute + 1000)));
        Assert.Empty(CallRange("irate", 0, Load(FiveMin, "1 NaN NaN 5 11"), 15 * Minute + 1000));
    }

    [Fact]
    public void Idelta_is_the_plain_difference_even_when_decreasing()
    {
        Near(-50, Single(CallRange("idelta", 30 * Minute, Load(FiveMin, "0+10x5 0+10x5"), 50 * Minute)));
    }

    [Fact]
    public void Mixed_floats_and_histograms_warn_and_give_nothing()
    {
        var annotations = new Annotations();
        var helper = new Vigil.Metrics.PromQL.Functions.EvalNodeHelper { Timestamp = 10 * Minute, RangeStart = 0, RangeEnd = 10 * Minute };
        var series = new RangeSeries(Vigil.Metrics.Model.Labels.Of("__name__", "h"))
        {
            Floats = [new FPoint(Minute, 1), new FPoint(2 * Minute, 2)],
            Histograms = [new HPoint(3 * Minute, new FloatHistogram { Count = 1 })],
        };
        Assert.True(Vigil.Metrics.PromQL.Functions.FunctionRegistry.TryGet("rate", out var rate));
        rate([new Vector()], [series], [MatrixArg("h", 10 * Minute, position: 5)], helper, annotations);
        Assert.Empty(helper.Output);
        var a = Assert.Single(annotations.Items);
        Assert.Equal("PromQL warning: encountered a mix of histograms and floats for metric name \"h\" (1:6)", a.Render("rate(h[10m])"));
    }
}
