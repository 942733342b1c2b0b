namespace GreenhouseApp.Sensors;

/// <summary>A plant and how it is doing right now, as GET /api/plants returns it.</summary>
internal sealed record PlantStatus(string Name, string Zone, double SoilMoisture, double MinMoisture, double MaxMoisture, string Status);
