namespace GreenhouseApp.Sensors;

/// <summary>A consistent copy of one zone's three values, taken under the greenhouse's lock.</summary>
internal readonly record struct ZoneSnapshot(string Zone, double Temperature, double Humidity, double SoilMoisture)
{
    public double Value(SensorKind kind) => kind switch
    {
        SensorKind.Temperature => Temperature,
        SensorKind.Humidity => Humidity,
        SensorKind.SoilMoisture => SoilMoisture,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
