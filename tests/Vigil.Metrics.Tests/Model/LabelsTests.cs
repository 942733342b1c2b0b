using Vigil.Metrics.Model;

namespace Vigil.Metrics.Tests.Model;

public class LabelsTests
{
    [Fact]
    public void Builder_sorts_replaces_and_drops_empty_values()
    {
        var labels = new LabelsBuilder().Set("b", "2").Set("a", "1").Set("c", "3").Set("b", "22").Set("c", "").Build();
        Assert.Equal("{a=\"1\", b=\"22\"}", labels.ToString());
        Assert.Equal("22", labels.Get("b"));
        Assert.Equal("", labels.Get("c"));
    }

    [Fact]
    public void Equal_sets_have_equal_hashes_and_different_ones_differ()
    {
        var a = Labels.Of("__name__", "up", "job", "x");
        var b = Labels.Of("job", "x", "__name__", "up");
        var c = Labels.Of("__name__", "up", "job", "y");
        Assert.Equal(a, b);
        Assert.Equal(a.Hash, b.Hash);
        Assert.NotEqual(a, c);
        // The separator keeps "ab"="c" apart from "a"="bc".
        Assert.NotEqual(Labels.Of("ab", "c").Hash, Labels.Of("a", "bc").Hash);
    }

    [Fact]
    public void Compare_orders_like_prometheus()
    {
        var a = Labels.Of("a", "1");
        var ab = Labels.Of("a", "1", "b", "1");
        var a2 = Labels.Of("a", "2");
        Assert.True(Labels.Compare(a, ab) < 0);
        Assert.True(Labels.Compare(ab, a2) < 0);
        Assert.Equal(0, Labels.Compare(a, Labels.Of("a", "1")));
    }

    [Fact]
    public void ToString_escapes_values()
    {
        Assert.Equal("{a=\"q\\\"\\\\\\n\"}", Labels.Of("a", "q\"\\\n").ToString());
    }

    [Theory]
    [InlineData("up", true)]
    [InlineData("a:b_c9", true)]
    [InlineData("9a", false)]
    [InlineData("a-b", false)]
    [InlineData("", false)]
    public void Legacy_metric_names(string name, bool valid) => Assert.Equal(valid, LabelValidation.IsLegacyMetricName(name));

    [Fact]
    public void Validate_reports_missing_name_and_bad_utf16()
    {
        Assert.Null(LabelValidation.Validate(Labels.Of("__name__", "up", "héllo.wörld", "x")));
        Assert.Equal("missing metric name", LabelValidation.Validate(Labels.Of("job", "x")));
        Assert.NotNull(LabelValidation.Validate(Labels.Of("__name__", "up", "a", "\uD800")));
    }

    [Fact]
    public void Stale_marker_is_a_nan_told_apart_by_bits()
    {
        Assert.True(double.IsNaN(StaleNaN.Value));
        Assert.True(StaleNaN.Is(StaleNaN.Value));
        Assert.False(StaleNaN.Is(double.NaN));
    }
}
