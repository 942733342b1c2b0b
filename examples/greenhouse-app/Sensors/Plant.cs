namespace GreenhouseApp.Sensors;

/// <summary>A plant growing in a zone, and the soil moisture (percent) it is happy with.</summary>
internal sealed record Plant(string Name, string Zone, double MinMoisture, double MaxMoisture)
{
    /// <summary>"thirsty" below the range, "soggy" above it, "ok" inside.</summary>
    public string StatusAt(double soilMoisture) =>
        soilMoisture < MinMoisture ? "thirsty" : soilMoisture > MaxMoisture ? "soggy" : "ok";
}
