namespace GreenhouseApp.Sensors;

/// <summary>What a sensor measures. Every zone has one sensor of each kind.</summary>
internal enum SensorKind
{
    Temperature,
    Humidity,
    SoilMoisture,
}

internal static class SensorKindExtensions
{
    /// <summary>The kind's part of a sensor id: <c>north-soil-moisture</c>.</summary>
    public static string Slug(this SensorKind kind) => kind switch
    {
        SensorKind.Temperature => "temperature",
        SensorKind.Humidity => "humidity",
        SensorKind.SoilMoisture => "soil-moisture",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>UCUM units, the ones OpenTelemetry instruments use ("Cel", not "°C").</summary>
    public static string Unit(this SensorKind kind) => kind switch
    {
        SensorKind.Temperature => "Cel",
        SensorKind.Humidity or SensorKind.SoilMoisture => "%",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
