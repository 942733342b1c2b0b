using Microsoft.Extensions.Configuration;

namespace GreenhouseApp.Tests;

public class GreenhouseOptionsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Defaults_when_nothing_is_set()
    {
        Assert.True(GreenhouseOptions.TryLoad(Config(), out var options, out _));
        Assert.Equal(new GreenhouseOptions(), options);
        Assert.Null(options.Port);
        Assert.True(options.TrafficEnabled);
        Assert.Equal(TimeSpan.FromMilliseconds(350), options.TrafficInterval);
    }

    [Fact]
    public void Every_setting_is_read()
    {
        Assert.True(GreenhouseOptions.TryLoad(Config(
            ("GREENHOUSE_PORT", "0"), ("GREENHOUSE_TRAFFIC", "false"), ("GREENHOUSE_TRAFFIC_INTERVAL_MS", "120"),
            ("GREENHOUSE_FAILURE_RATE", "0"), ("GREENHOUSE_SLOW_RATE", "0.5"), ("GREENHOUSE_SEED", "-3"),
            ("GREENHOUSE_PARENT_PID", "4242")), out var options, out _));
        Assert.Equal(new GreenhouseOptions
        {
            Port = 0,
            TrafficEnabled = false,
            TrafficInterval = TimeSpan.FromMilliseconds(120),
            FailureRate = 0,
            SlowRate = 0.5,
            Seed = -3,
            ParentPid = 4242,
        }, options);
    }

    [Theory]
    [InlineData("GREENHOUSE_PORT", "80000", "GREENHOUSE_PORT must be a port number from 0 to 65535, got '80000'")]
    [InlineData("GREENHOUSE_PORT", "-1", "GREENHOUSE_PORT must be a port number from 0 to 65535, got '-1'")]
    [InlineData("GREENHOUSE_TRAFFIC", "off", "GREENHOUSE_TRAFFIC must be true or false, got 'off'")]
    [InlineData("GREENHOUSE_TRAFFIC_INTERVAL_MS", "5", "GREENHOUSE_TRAFFIC_INTERVAL_MS must be a whole number of milliseconds, at least 10, got '5'")]
    [InlineData("GREENHOUSE_FAILURE_RATE", "5%", "GREENHOUSE_FAILURE_RATE must be a fraction from 0 to 1, got '5%'")]
    [InlineData("GREENHOUSE_SLOW_RATE", "1.5", "GREENHOUSE_SLOW_RATE must be a fraction from 0 to 1, got '1.5'")]
    [InlineData("GREENHOUSE_SEED", "x", "GREENHOUSE_SEED must be a whole number, got 'x'")]
    [InlineData("GREENHOUSE_PARENT_PID", "0", "GREENHOUSE_PARENT_PID must be a process id, got '0'")]
    public void A_bad_value_names_its_key(string key, string value, string expected)
    {
        Assert.False(GreenhouseOptions.TryLoad(Config((key, value)), out var options, out string? error));
        Assert.Null(options);
        Assert.Equal(expected, error);
    }
}
