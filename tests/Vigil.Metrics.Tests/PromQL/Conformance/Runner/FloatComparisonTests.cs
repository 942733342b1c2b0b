using Vigil.Metrics.Model;

namespace Vigil.Metrics.Tests.PromQL.Conformance.Runner;

public class FloatComparisonTests
{
    [Fact]
    public void StaleMarkersOnlyEqualEachOther()
    {
        Assert.True(FloatComparison.Equal(StaleNaN.Value, StaleNaN.Value));
        Assert.False(FloatComparison.Equal(StaleNaN.Value, double.NaN));
        Assert.False(FloatComparison.Equal(double.NaN, StaleNaN.Value));
        Assert.False(FloatComparison.Equal(StaleNaN.Value, 1));
    }

    [Fact]
    public void OtherNaNsAreEqual()
    {
        Assert.True(FloatComparison.Equal(double.NaN, -double.NaN));
        Assert.False(FloatComparison.Equal(double.NaN, 0));
    }

    [Fact]
    public void InfinitiesCompareExactly()
    {
        Assert.True(FloatComparison.Equal(double.PositiveInfinity, double.PositiveInfinity));
        Assert.False(FloatComparison.Equal(double.PositiveInfinity, double.NegativeInfinity));
        Assert.False(FloatComparison.Equal(double.MaxValue, double.PositiveInfinity));
    }

    [Theory]
    [InlineData(1.0, 1.0000001, true)]
    [InlineData(1.0, 1.00001, false)]
    [InlineData(1e300, 1.0000001e300, true)]
    [InlineData(-3.0, -3.0000000001, true)]
    [InlineData(0.0, 1e-300, false)]
    [InlineData(0.0, 1e-320, true)]
    [InlineData(0.0, -0.0, true)]
    [InlineData(1e-310, 2e-310, false)]
    public void RelativeToleranceAndAbsoluteNearZero(double a, double b, bool equal) => Assert.Equal(equal, FloatComparison.Equal(a, b));
}
