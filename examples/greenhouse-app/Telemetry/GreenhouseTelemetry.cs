using System.Diagnostics;
using System.Reflection;

namespace GreenhouseApp.Telemetry;

/// <summary>The app's own telemetry names: the ActivitySource of its custom spans and its version.</summary>
internal static class GreenhouseTelemetry
{
    public const string ServiceName = "greenhouse-app";

    /// <summary>Name of both the ActivitySource and the Meter, so one name finds all our own telemetry.</summary>
    public const string SourceName = "GreenhouseApp";

    /// <summary>The assembly's version without the "+commit" suffix the SDK appends.</summary>
    public static string Version { get; } =
        typeof(GreenhouseTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    /// <summary>Custom spans inside handlers ("read-sensors", "open-valve") and the traffic generator.</summary>
    public static ActivitySource Source { get; } = new(SourceName, Version);
}
