using Vigil.Metrics.PromQL.Functions;
using Vigil.Metrics.PromQL.Values;
using static Vigil.Metrics.Tests.PromQL.Functions.FunctionTestKit;

namespace Vigil.Metrics.Tests.PromQL.Functions;

/// <summary>Element-wise math, clamp, round, and the UTC calendar functions at month, year and leap-day boundaries.</summary>
public sealed class MathAndDateFunctionsTests
{
    private static double One(string fn, double value, params double[] scalars)
    {
        var args = new Vigil.Metrics.PromQL.Ast.Expr[1 + scalars.Length];
        var vectors = new Vector[1 + scalars.Length];
        args[0] = Number(0);
        vectors[0] = Vec(("m{a=\"b\"}", value));
        for (int i = 0; i < scalars.Length; i++)
        {
            args[i + 1] = Number(scalars[i]);
            vectors[i + 1] = ScalarVector(scalars[i]);
        }
        var v = CallInstant(fn, args, vectors);
        Assert.True(v[0].DropName);
        return Single(v);
    }

    [Theory]
    [InlineData("abs", -2.5, 2.5)]
    [InlineData("ceil", 1.2, 2)]
    [InlineData("floor", -1.2, -2)]
    [InlineData("sqrt", 16, 4)]
    [InlineData("ln", 1, 0)]
    [InlineData("log2", 8, 3)]
    [InlineData("log10", 1000, 3)]
    [InlineData("exp", 0, 1)]
    [InlineData("sgn", -3, -1)]
    [InlineData("sgn", 0, 0)]
    [InlineData("sgn", double.NaN, double.NaN)]
    [InlineData("deg", Math.PI, 180)]
    [InlineData("rad", 180, Math.PI)]
    [InlineData("sin", 0, 0)]
    [InlineData("cos", 0, 1)]
    [InlineData("atanh", 0, 0)]
    [InlineData("acosh", 1, 0)]
    [InlineData("sqrt", -1, double.NaN)]
    public void Simple_functions(string fn, double input, double expected) => Near(expected, One(fn, input));

    [Theory]
    [InlineData(2.5, 1, 3)]
    [InlineData(-2.5, 1, -2)]
    [InlineData(1234.5678, 0.01, 1234.57)]
    [InlineData(1234.5678, 10, 1230)]
    [InlineData(5, 3, 6)]
    public void Round_rounds_ties_up_to_the_nearest_multiple(double v, double toNearest, double expected) => Near(expected, One("round", v, toNearest));

    [Fact]
    public void Clamp_family()
    {
        Assert.Equal(5, One("clamp", 10, 0, 5));
        Assert.Equal(0, One("clamp", -10, 0, 5));
        Assert.Equal(3, One("clamp_max", 10, 3));
        Assert.Equal(3, One("clamp_min", -10, 3));
        Near(double.NaN, One("clamp", double.NaN, 0, 5));
        // An empty interval gives nothing.
        Assert.Empty(CallInstant("clamp", [Number(0), Number(5), Number(0)], [Vec(("m", 1)), ScalarVector(5), ScalarVector(0)]));
    }

    [Fact]
    public void Pi_and_histograms_are_skipped()
    {
        Near(Math.PI, Single(CallInstant("pi", [], [])));
        var input = Vec(("h", 1));
        input[0] = input[0] with { H = new FloatHistogram() };
        Assert.Empty(CallInstant("abs", [Number(0)], [input]));
    }

    [Theory]
    // 2006-01-02T22:04:05Z, a Monday.
    [InlineData("year", 1136239445, 2006)]
    [InlineData("month", 1136239445, 1)]
    [InlineData("day_of_month", 1136239445, 2)]
    [InlineData("day_of_year", 1136239445, 2)]
    [InlineData("day_of_week", 1136239445, 1)]
    [InlineData("hour", 1136239445, 22)]
    [InlineData("minute", 1136239445, 4)]
    [InlineData("days_in_month", 1136239445, 31)]
    // Leap years: 2024-02-29T23:59:59Z, and the next second is March 1st.
    [InlineData("days_in_month", 1709251199, 29)]
    [InlineData("day_of_month", 1709251199, 29)]
    [InlineData("day_of_year", 1709251199, 60)]
    [InlineData("month", 1709251200, 3)]
    [InlineData("day_of_year", 1709251200, 61)]
    // 1900 is not a leap year, 2000 is.
    [InlineData("days_in_month", -2206310400, 28)]
    [InlineData("days_in_month", 951782400, 29)]
    // 2023-12-31T23:59:59Z is day 365 of 2023; one second later it is 2024.
    [InlineData("day_of_year", 1704067199, 365)]
    [InlineData("year", 1704067200, 2024)]
    // Before the epoch: 1969-12-31T23:59:59Z, a Wednesday; fractions truncate toward zero (-0.5 is 0).
    [InlineData("year", -1, 1969)]
    [InlineData("day_of_week", -1, 3)]
    [InlineData("hour", -0.5, 0)]
    [InlineData("hour", 3599.9, 0)]
    // Past DateTime's year 9999.
    [InlineData("year", 253402300800, 10000)]
    public void Date_functions_of_a_value(string fn, double seconds, double expected) => Assert.Equal(expected, One(fn, seconds));

    [Fact]
    public void Date_functions_without_argument_use_the_evaluation_time()
    {
        var v = CallInstant("day_of_week", [], [], ts: 0);
        Assert.Equal(4, Single(v)); // 1970-01-01 was a Thursday.
        Assert.Empty(v[0].Metric.AsSpan().ToArray());
        Assert.Equal(1970, Single(CallInstant("year", [], [], ts: 0)));
        Assert.Equal(2, Single(CallInstant("month", [], [], ts: 31L * 86_400_000)));
    }
}
