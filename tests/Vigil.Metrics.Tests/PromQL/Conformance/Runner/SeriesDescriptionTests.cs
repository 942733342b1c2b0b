using CsCheck;
using Vigil.Metrics.Model;

namespace Vigil.Metrics.Tests.PromQL.Conformance.Runner;

public class SeriesDescriptionTests
{
    private static string Items(string line) => string.Join(' ', SeriesDescription.Parse(line).Values);

    [Theory]
    [InlineData("m 0+10x3", "0 10 20 30")]
    [InlineData("m 1 _ 3", "1 _ 3")]
    [InlineData("m 5x2 _x2 stale", "5 5 5 _ _ stale")]
    [InlineData("m 10-2x2", "10 8 6")]
    [InlineData("m -5 +3 .5 1e3 2.5E-2", "-5 3 0.5 1000 0.025")]
    [InlineData("m Inf -Inf +Inf inf NaN nan", "+Inf -Inf +Inf +Inf NaN NaN")]
    [InlineData("m 0x3", "0 0 0 0")]
    [InlineData("m _x0 1", "1")]
    [InlineData("m -1e-3+1e-3x2", "-0.001 0 0.001")]
    [InlineData("m\t1\t\t2", "1 2")]
    [InlineData("m", "")]
    public void ExpandsValueItems(string line, string expected) => Assert.Equal(expected, Items(line));

    [Fact]
    public void RepeatedAdditionAccumulatesRoundingAsUpstream()
    {
        var values = SeriesDescription.Parse("m 0+0.1x3").Values;
        // 0.1+0.1+0.1 is 0.30000000000000004, not 3*0.1 rounded once.
        Assert.Equal(0.1 + 0.1 + 0.1, values[3].Value);
    }

    [Fact]
    public void StaleIsTheStaleMarkerNotPlainNaN()
    {
        var values = SeriesDescription.Parse("m stale NaN").Values;
        Assert.True(StaleNaN.Is(values[0].Value));
        Assert.False(StaleNaN.Is(values[1].Value));
        Assert.True(double.IsNaN(values[1].Value));
    }

    [Theory]
    [InlineData("foo 1", "{__name__=\"foo\"}")]
    [InlineData("foo{a=\"x\",b='y'} 1", "{__name__=\"foo\", a=\"x\", b=\"y\"}")]
    [InlineData("{__name__=\"foo\", a=\"x\"} 1", "{__name__=\"foo\", a=\"x\"}")]
    [InlineData("{a=\"x y\", } 1", "{a=\"x y\"}")]
    [InlineData("{} 1", "{}")]
    [InlineData("ns:metric_total{le=\"+Inf\"} 1", "{__name__=\"ns:metric_total\", le=\"+Inf\"}")]
    [InlineData("{\"my.metric\", \"a.b\"=\"c\"} 1", "{__name__=\"my.metric\", a.b=\"c\"}")]
    [InlineData("m{a=\"q\\\"uote\\n\"} 1", "{__name__=\"m\", a=\"q\\\"uote\\n\"}")]
    [InlineData("m{a=`raw\\n`} 1", "{__name__=\"m\", a=\"raw\\\\n\"}")]
    public void ParsesTheMetric(string line, string expected) => Assert.Equal(expected, SeriesDescription.Parse(line).Metric.ToString());

    [Fact]
    public void AHistogramAfterAPlainNameIsAValueNotALabelSet()
    {
        var (metric, values) = SeriesDescription.Parse("h {{schema:1 sum:3 count:2}}x1");
        Assert.Equal("h", metric.Name);
        Assert.Equal(2, values.Count);
        Assert.All(values, v => Assert.Equal(1, v.Histogram!.Schema));
    }

    [Theory]
    [InlineData("m{a=~\"x\"} 1", "only equality labels")]
    [InlineData("m{a=\"x\" 1", "expected ','")]
    [InlineData("m 1+2", "<value>+<delta>x<count>")]
    [InlineData("m 0x", "repetition count")]
    [InlineData("m 1abc", "unexpected text")]
    [InlineData("m abc", "bad value item")]
    [InlineData("m{a=\"x\",a=\"y\"} 1", "duplicate label name a")]
    [InlineData("1 2", "expected a metric name")]
    [InlineData("m{a=\"\\q\"} 1", "unknown escape sequence")]
    public void RejectsBadLines(string line, string message)
    {
        var e = Assert.Throws<FormatException>(() => SeriesDescription.Parse(line));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpansionCountsFollowTheReadme()
    {
        Gen.Select(Gen.Int[-1000, 1000], Gen.Int[-50, 50], Gen.Int[0, 40], Gen.Int[0, 40]).Sample((start, delta, n, gaps) =>
        {
            var values = SeriesDescription.Parse($"m {start}{(delta < 0 ? "-" : "+")}{Math.Abs(delta)}x{n} _x{gaps} {start}x{n}").Values;
            // VxN and V+DxN give N+1 samples, _xN gives exactly N gaps.
            Assert.Equal((2 * (n + 1)) + gaps, values.Count);
            for (int i = 0; i <= n; i++) Assert.Equal(start + ((double)i * delta), values[i].Value);
            Assert.All(values.Skip(n + 1).Take(gaps), v => Assert.True(v.Omitted));
        });
    }

    [Fact]
    public void NeverThrowsAnythingButFormatException()
    {
        Gen.String[Gen.Char["{}=~\"'`,\\ax_: .+-0123456789[]stInfNa"], 0, 40].Sample(text =>
        {
            try
            {
                SeriesDescription.Parse(text);
            }
            catch (FormatException)
            {
            }
        });
    }
}
