using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Functions;
using Vigil.Metrics.PromQL.Values;
using static Vigil.Metrics.Tests.PromQL.Functions.FunctionTestKit;

namespace Vigil.Metrics.Tests.PromQL.Functions;

/// <summary>histogram_quantile(s) and histogram_fraction over classic buckets, values from upstream's histograms.test.</summary>
public sealed class HistogramFunctionsTests
{
    private static Vector Buckets(string metric, params (string Le, double Count)[] buckets)
    {
        var v = new Vector();
        foreach (var (le, count) in buckets)
        {
            int brace = metric.IndexOf('{');
            string labels = brace < 0 ? $"{metric}{{le=\"{le}\"}}" : $"{metric[..^1]},le=\"{le}\"}}";
            v.AddRange(Vec((labels, count)));
        }
        return v;
    }

    private static readonly Vector Testhistogram3 = [
        .. Buckets("testhistogram3_bucket{start=\"positive\"}", ("0", 0), ("0.1", 50), (".2", 70), ("1e0", 110), ("+Inf", 110)),
        .. Buckets("testhistogram3_bucket{start=\"negative\"}", ("-.25", 0), ("-.2", 10), ("-0.1", 20), ("0.3", 20), ("+Inf", 20)),
    ];

    private static Vector Quantile(double q, Vector input, Annotations? annotations = null, int argStart = 21) =>
        CallInstant("histogram_quantile", [Number(q, 19), new VectorSelector { Position = new PositionRange(argStart, argStart + 5) }],
            [ScalarVector(q), input], annotations: annotations);

    private static double For(Vector v, string start) => v.Single(s => s.Metric.Get("start") == start).F;

    [Theory]
    [InlineData(0, 0, -0.25)]
    [InlineData(0.25, 0.055, -0.225)]
    [InlineData(0.5, 0.125, -0.2)]
    [InlineData(0.75, 0.45, -0.15)]
    [InlineData(1, 1, -0.1)]
    public void Quantiles_interpolate_within_buckets(double q, double positive, double negative)
    {
        var annotations = new Annotations();
        var v = Quantile(q, Testhistogram3, annotations);
        Assert.Equal(2, v.Count);
        Near(positive, For(v, "positive"));
        Near(negative, For(v, "negative"));
        Assert.Empty(annotations.Items);
        // The name stays until the engine removes it (delayed name removal); le is gone.
        Assert.All(v, s => Assert.True(s.DropName && s.Metric.Get("__name__") == "testhistogram3_bucket" && !s.Metric.Has("le")));
    }

    [Theory]
    [InlineData(0.01, 0.0045)]
    [InlineData(0.5, 8.5)]
    [InlineData(0.99, 979.75)]
    public void Non_monotonic_buckets_are_fixed_with_an_info(double q, double expected)
    {
        var input = Buckets("nonmonotonic_bucket", ("0.1", 20), ("1", 10), ("10", 50), ("100", 40), ("1000", 90), ("+Inf", 80));
        var annotations = new Annotations();
        Near(expected, Single(Quantile(q, input, annotations, argStart: 24)));
        var info = Assert.Single(annotations.Items);
        Assert.Equal(AnnotationKind.Info, info.Kind);
        Assert.Equal("PromQL info: input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name \"nonmonotonic_bucket\" (1:25)",
            info.Render($"histogram_quantile({q}, nonmonotonic_bucket)".PadRight(60)));
    }

    [Fact]
    public void Equal_bounds_in_different_spellings_are_merged()
    {
        var ins1 = Buckets("mixed_bucket{instance=\"ins1\"}", ("0.1", 1), ("0.2", 1), ("2e-1", 1), ("2.0e-1", 1), ("+Inf", 4));
        Near(0.15, Single(Quantile(0.5, ins1)));
        Near(0.2, Single(Quantile(1, ins1)));
        // "+inf" and "+Inf" are one bucket; no observations: NaN.
        Near(double.NaN, Single(Quantile(0.5, Buckets("mixed_bucket{instance=\"ins2\"}", ("+inf", 0), ("+Inf", 0)))));
    }

    [Fact]
    public void Edge_cases_of_le()
    {
        // No +Inf bucket, or only one bucket: NaN.
        Near(double.NaN, Single(Quantile(0.5, Buckets("b", ("1", 1), ("2", 2)))));
        Near(double.NaN, Single(Quantile(0.5, Buckets("b", ("+Inf", 2)))));
        // In the +Inf bucket: the highest finite bound.
        Near(2, Single(Quantile(0.99, Buckets("b", ("1", 1), ("2", 2), ("+Inf", 10)))));
        // In the first bucket with a bound at or below zero: that bound.
        Near(-1, Single(Quantile(0.1, Buckets("b", ("-1", 5), ("0", 6), ("+Inf", 10)))));
        // q outside [0, 1]: ±Inf with a warning at the quantile.
        var annotations = new Annotations();
        Assert.Equal(double.NegativeInfinity, Single(Quantile(-0.1, Buckets("b", ("1", 1), ("+Inf", 2)), annotations)));
        Assert.Equal("quantile value should be between 0 and 1, got -0.1", Assert.Single(annotations.Items).Detail);
        Near(double.NaN, Single(Quantile(double.NaN, Buckets("b", ("1", 1), ("+Inf", 2)))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Hello World")]
    public void A_malformed_le_is_skipped_with_a_warning(string le)
    {
        var input = Vec(("series{label=\"a\"}", 1));
        if (le.Length > 0) input = Vec(($"series{{le=\"{le}\"}}", 1));
        var annotations = new Annotations();
        Assert.Empty(Quantile(0.5, input, annotations, argStart: 24));
        Assert.Equal($"PromQL warning: bucket label \"le\" is missing or has a malformed value of \"{le}\" for metric name \"series\" (1:25)",
            Assert.Single(annotations.Items).Render("histogram_quantile(0.5, series)"));
    }

    [Fact]
    public void Histogram_quantiles_labels_each_quantile_in_openmetrics_form()
    {
        Expr[] args = [new VectorSelector { Position = new PositionRange(20, 41) }, Str("q"), Number(0), Number(0.25), Number(1)];
        var v = CallInstant("histogram_quantiles", args, [Testhistogram3, [], ScalarVector(0), ScalarVector(0.25), ScalarVector(1)]);
        Assert.Equal(6, v.Count);
        Near(0.055, v.Single(s => s.Metric.Get("q") == "0.25" && s.Metric.Get("start") == "positive").F);
        Near(-0.25, v.Single(s => s.Metric.Get("q") == "0.0" && s.Metric.Get("start") == "negative").F);
        Near(1, v.Single(s => s.Metric.Get("q") == "1.0" && s.Metric.Get("start") == "positive").F);
    }

    [Theory]
    [InlineData(0, 4, 0.6666666666666666)]
    [InlineData(0, 6, 1)]
    [InlineData(0, 3.5, 0.5833333333333334)]
    public void Fraction_over_testhistogram2(double lower, double upper, double expected)
    {
        var input = Buckets("testhistogram2_bucket", ("0", 0), ("2", 10), ("4", 20), ("6", 30), ("+Inf", 30));
        Near(expected, Single(Fraction(lower, upper, input)));
    }

    [Theory]
    [InlineData("1 3 6 100", 0, 1.5, 0.02)]
    [InlineData("-3:10 -2:12 -1:15 +Inf:100", -4, -2, 0.02)]
    [InlineData("-3:10 -2:12 -1:15 +Inf:100", double.NegativeInfinity, -1.5, 0.135)]
    [InlineData("1 3 6 100", double.NegativeInfinity, double.PositiveInfinity, 1)]
    [InlineData("1 3 6 100", 4, 5, 0)]
    [InlineData("-3:10 -2:12 -1:15 +Inf:100", 0, 1, 0)]
    [InlineData("1 3 6 100", 2, 5, 0.03)]
    [InlineData("1 3 6 100", 400, double.PositiveInfinity, 0.94)]
    [InlineData("1 3 6 100", 2, 2, 0)]
    [InlineData("1 3 6 100", 3, 2, 0)]
    [InlineData("+Inf:100", 0, 1, 0)]
    [InlineData("0 0 0 0", 0, 5, double.NaN)]
    [InlineData("1 3 6 100", 2, 3.5, 0.03)]
    [InlineData("1 3 6 100", 0.5, 2, 0.025)]
    [InlineData("1 3 6 100", 1, 3, 0.05)]
    public void Fraction_edge_cases(string spec, double lower, double upper, double expected)
    {
        // "a b c d" are counts at le 1, 2, 3, +Inf; "le:count" pairs give bounds explicitly.
        string[] defaultBounds = ["1", "2", "3", "+Inf"];
        var parts = spec.Split(' ');
        var buckets = parts.Select((p, i) => p.Contains(':') ? (p[..p.IndexOf(':')], double.Parse(p[(p.IndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture))
            : (defaultBounds[i], double.Parse(p, System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        Near(expected, Single(Fraction(lower, upper, Buckets("h_bucket", buckets))));
    }

    private static Vector Fraction(double lower, double upper, Vector input) =>
        CallInstant("histogram_fraction", [Number(lower), Number(upper), new VectorSelector()], [ScalarVector(lower), ScalarVector(upper), input]);

    [Fact]
    public void Native_only_functions_ignore_floats()
    {
        var floats = Vec(("h", 1));
        foreach (var fn in new[] { "histogram_count", "histogram_sum", "histogram_avg", "histogram_stddev", "histogram_stdvar" })
            Assert.Empty(CallInstant(fn, [Number(0)], [floats]));
        var native = Vec(("h", 0));
        native[0] = native[0] with { H = new FloatHistogram { Count = 4, Sum = 10 } };
        Assert.Equal(4, Single(CallInstant("histogram_count", [Number(0)], [native])));
        Assert.Equal(2.5, Single(CallInstant("histogram_avg", [Number(0)], [native])));
    }

    [Fact]
    public void Groups_are_reused_across_steps()
    {
        var helper = new EvalNodeHelper();
        var input = Buckets("b", ("1", 1), ("+Inf", 2));
        Expr[] args = [Number(0.5), new VectorSelector()];
        Near(1, Single(CallInstant("histogram_quantile", args, [ScalarVector(0.5), input], helper: helper)));
        var state = helper.FunctionState;
        // Next step: a bucket is missing, and another histogram appears.
        var next = new Vector { input[1] };
        next.AddRange(Buckets("c", ("1", 3), ("+Inf", 4)));
        var v = CallInstant("histogram_quantile", args, [ScalarVector(0.5), next], helper: helper);
        Assert.Same(state, helper.FunctionState);
        Near(double.NaN, v.Single(s => s.Metric.Get("__name__") == "b").F);
        Near(2.0 / 3.0, v.Single(s => s.Metric.Get("__name__") == "c").F);
    }
}
