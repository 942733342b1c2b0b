using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.Tests.PromQL.Conformance.Runner;

public class HistogramLiteralTests
{
    private static FloatHistogram Parse(string text, out bool hintSet)
    {
        int pos = 0;
        Assert.True(HistogramLiteral.TryRead(text, ref pos, out var h, out hintSet, out string? error), error);
        Assert.Equal(text.Length, pos);
        return h;
    }

    [Fact]
    public void ParsesEveryKey()
    {
        var h = Parse("{{schema:1 sum:-2.5 count:Inf z_bucket:3 z_bucket_w:0.001 buckets:[1 -2 3] offset:2 n_buckets:[4] n_offset:-1 counter_reset_hint:gauge}}", out bool hintSet);
        Assert.Equal(1, h.Schema);
        Assert.Equal(-2.5, h.Sum);
        Assert.Equal(double.PositiveInfinity, h.Count);
        Assert.Equal(3, h.ZeroCount);
        Assert.Equal(0.001, h.ZeroThreshold);
        Assert.Equal([1.0, -2, 3], h.PositiveBuckets);
        Assert.Equal([(2, 3u)], h.PositiveSpans);
        Assert.Equal([4.0], h.NegativeBuckets);
        Assert.Equal([(-1, 1u)], h.NegativeSpans);
        Assert.Equal(CounterResetHint.Gauge, h.CounterResetHint);
        Assert.True(hintSet);
    }

    [Fact]
    public void EmptyLiteralHasDefaults()
    {
        var h = Parse("{{}}", out bool hintSet);
        Assert.Equal(0, h.Schema);
        Assert.Equal(0, h.Count);
        Assert.Empty(h.PositiveSpans);
        Assert.Equal(CounterResetHint.Unknown, h.CounterResetHint);
        Assert.False(hintSet);
    }

    [Fact]
    public void CustomBuckets()
    {
        var h = Parse("{{schema:-53 sum:1 count:2 custom_values:[0.1 1] buckets:[1 0 1]}}", out _);
        Assert.Equal(HistogramLiteral.CustomBucketsSchema, h.Schema);
        Assert.Equal([0.1, 1], h.CustomValues);
        Assert.Equal([(0, 3u)], h.PositiveSpans);
    }

    [Theory]
    [InlineData("{{schema:0 schema:1}}", "duplicate key \"schema\"")]
    [InlineData("{{foo:1}}", "bad value for histogram key \"foo\"")]
    [InlineData("{{buckets:[1 2}}", "bad value for histogram key \"buckets\"")]
    [InlineData("{{counter_reset_hint:maybe}}", "counter_reset_hint")]
    [InlineData("{{sum:1", "unterminated")]
    public void RejectsBadLiterals(string text, string message)
    {
        int pos = 0;
        Assert.False(HistogramLiteral.TryRead(text, ref pos, out _, out _, out string? error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void SequencesAddTheIncrement()
    {
        var values = SeriesDescription.Parse("h {{schema:0 sum:1 count:2 buckets:[1 1]}}+{{schema:0 sum:2 count:1 buckets:[0 1] offset:1}}x2").Values;
        Assert.Equal(3, values.Count);
        var last = values[2].Histogram!;
        Assert.Equal(5, last.Sum);
        Assert.Equal(4, last.Count);
        Assert.Equal([(0, 3u)], last.PositiveSpans);
        Assert.Equal([1.0, 1, 2], last.PositiveBuckets);
    }

    [Fact]
    public void AdditionReducesTheFinerSchema()
    {
        // Schema 1 buckets 1 and 2 both fall into schema 0 bucket 1: ((i - 1) >> 1) + 1.
        var a = Parse("{{schema:0 count:1 buckets:[1] offset:1}}", out _);
        var b = Parse("{{schema:1 count:2 buckets:[1 1] offset:1}}", out _);
        var sum = HistogramMath.Add(a, b, subtract: false);
        Assert.Equal(0, sum.Schema);
        Assert.Equal([(1, 1u)], sum.PositiveSpans);
        Assert.Equal([3.0], sum.PositiveBuckets);
        var difference = HistogramMath.Add(sum, b, subtract: true);
        Assert.Equal([1.0], difference.PositiveBuckets);
    }

    [Fact]
    public void EqualityCompactsAndComparesHintOnlyWhenStated()
    {
        var expected = Parse("{{count:3 sum:1 buckets:[1 0 2]}}", out _);
        var actual = Parse("{{count:3.0000000001 sum:1 buckets:[1 0 0 0] counter_reset_hint:not_reset}}", out _);
        // The same buckets as index 0 and 2, with an empty span in between and no empty bucket.
        actual.PositiveBuckets = [1, 2];
        actual.PositiveSpans = [(0, 1), (0, 0), (1, 1)];
        Assert.True(HistogramMath.Equal(expected, actual, compareHint: false));
        Assert.False(HistogramMath.Equal(expected, actual, compareHint: true));
        actual.ZeroThreshold = 1e-9;
        Assert.False(HistogramMath.Equal(expected, actual, compareHint: false));
    }

    [Fact]
    public void EqualityComparesCustomBounds()
    {
        var a = Parse("{{schema:-53 count:1 custom_values:[1 2] buckets:[1]}}", out _);
        var b = Parse("{{schema:-53 count:1 custom_values:[1 3] buckets:[1]}}", out _);
        Assert.False(HistogramMath.Equal(a, b, compareHint: false));
        Assert.True(HistogramMath.Equal(a, a, compareHint: false));
    }
}
