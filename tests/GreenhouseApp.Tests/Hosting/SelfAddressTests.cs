using GreenhouseApp.Hosting;

namespace GreenhouseApp.Tests.Hosting;

public class SelfAddressTests
{
    [Theory]
    [InlineData("http://0.0.0.0:41234", "http://127.0.0.1:41234/")]
    [InlineData("http://[::]:8000", "http://[::1]:8000/")]
    [InlineData("http://+:8000", "http://localhost:8000/")]
    [InlineData("http://*:8000", "http://localhost:8000/")]
    [InlineData("http://localhost:5000", "http://localhost:5000/")]
    [InlineData("http://10.1.2.3:8000", "http://10.1.2.3:8000/")]
    public void A_wildcard_host_becomes_loopback(string bound, string expected) =>
        Assert.Equal(new Uri(expected), SelfAddress.Pick([bound]));

    [Fact]
    public void Http_is_preferred_over_https() =>
        Assert.Equal(new Uri("http://127.0.0.1:8000/"), SelfAddress.Pick(["https://0.0.0.0:8443", "http://0.0.0.0:8000"]));

    [Fact]
    public void Https_when_it_is_all_there_is() =>
        Assert.Equal(new Uri("https://127.0.0.1:8443/"), SelfAddress.Pick(["https://0.0.0.0:8443"]));

    [Fact]
    public void Nothing_to_call() => Assert.Null(SelfAddress.Pick([]));
}
