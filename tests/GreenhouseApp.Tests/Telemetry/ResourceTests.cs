using GreenhouseApp.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GreenhouseApp.Tests.Telemetry;

/// <summary>
/// The resource as the SDK builds it in the app's container. The OTEL_* variables come through
/// IConfiguration here (as they do in the app), so the test needs no process environment changes.
/// </summary>
public class ResourceTests
{
    private static Dictionary<string, object> ResourceFor(params (string Key, string Value)[] config)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(config.Select(c => new KeyValuePair<string, string?>(c.Key, c.Value)))
            .Build());
        services.AddLogging();
        services.AddOpenTelemetry().ConfigureResource(TelemetrySetup.ConfigureResource).WithTracing();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<TracerProvider>().GetResource().Attributes.ToDictionary(a => a.Key, a => a.Value);
    }

    [Fact]
    public void Names_the_service_greenhouse_app_with_version_and_instance()
    {
        var resource = ResourceFor();
        Assert.Equal("greenhouse-app", resource["service.name"]);
        Assert.Equal(GreenhouseTelemetry.Version, resource["service.version"]);
        Assert.Equal($"{Environment.MachineName}-{Environment.ProcessId}", resource["service.instance.id"]);
        Assert.Equal("opentelemetry", resource["telemetry.sdk.name"]);
    }

    [Fact]
    public void The_standard_variables_override_the_defaults()
    {
        var resource = ResourceFor(
            ("OTEL_SERVICE_NAME", "greenhouse-b"),
            ("OTEL_RESOURCE_ATTRIBUTES", "service.name=ignored,service.instance.id=pod-7,deployment.environment.name=demo"));
        // OTEL_SERVICE_NAME wins over service.name in OTEL_RESOURCE_ATTRIBUTES, as the specification says.
        Assert.Equal("greenhouse-b", resource["service.name"]);
        Assert.Equal("pod-7", resource["service.instance.id"]);
        Assert.Equal("demo", resource["deployment.environment.name"]);
    }
}
