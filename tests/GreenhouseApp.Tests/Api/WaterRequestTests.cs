using GreenhouseApp.Api;

namespace GreenhouseApp.Tests.Api;

public class WaterRequestTests
{
    [Fact]
    public void A_zone_alone_waters_one_liter()
    {
        var (request, error) = WaterRequest.Validate(" north ", null);
        Assert.Null(error);
        Assert.Equal(new WaterRequest("north", 1), request);
    }

    [Theory]
    [InlineData(null, 1.0, "zone is required")]
    [InlineData("  ", 1.0, "zone is required")]
    [InlineData("north", 0.0, "liters must be more than 0 and at most 5, got 0")]
    [InlineData("north", -1.0, "liters must be more than 0 and at most 5, got -1")]
    [InlineData("north", 5.5, "liters must be more than 0 and at most 5, got 5.5")]
    [InlineData("north", double.NaN, "liters must be more than 0 and at most 5, got NaN")]
    public void Bad_input_is_refused_with_a_reason(string? zone, double liters, string expected)
    {
        var (request, error) = WaterRequest.Validate(zone, liters);
        Assert.Null(request);
        Assert.Equal(expected, error);
    }
}
