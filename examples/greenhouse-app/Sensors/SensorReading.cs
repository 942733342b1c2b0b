namespace GreenhouseApp.Sensors;

/// <summary>One sensor's value at one moment, as the API returns it.</summary>
internal sealed record SensorReading(string Sensor, string Zone, SensorKind Kind, double Value, string Unit, DateTimeOffset Time);
