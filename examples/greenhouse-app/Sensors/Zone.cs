namespace GreenhouseApp.Sensors;

/// <summary>
/// One zone of the greenhouse and the physics of its three values: each tick is a random walk pulled
/// back towards a target (mean reversion), so values wander like real sensors but never run away.
/// Not thread-safe: <see cref="Greenhouse"/> owns every zone and calls it under its lock.
/// </summary>
internal sealed class Zone
{
    public const double MinTemperature = 5, MaxTemperature = 45;
    public const double MinHumidity = 20, MaxHumidity = 100;
    public const double MinSoilMoisture = 0, MaxSoilMoisture = 100;

    /// <summary>How far a day swings the temperature around its baseline, in °C.</summary>
    private const double DaySwing = 3;

    /// <summary>Share of the distance to the target covered per tick: about 20 ticks to settle.</summary>
    private const double Pull = 0.05;

    /// <summary>Soil moisture points one liter adds to dry soil; wetter soil takes less.</summary>
    private const double PointsPerLiter = 6;

    private readonly double _baseTemperature;
    private readonly double _baseHumidity;

    public Zone(string name, double baseTemperature, double baseHumidity, double soilMoisture)
    {
        Name = name;
        _baseTemperature = baseTemperature;
        _baseHumidity = baseHumidity;
        Temperature = baseTemperature;
        Humidity = baseHumidity;
        SoilMoisture = soilMoisture;
    }

    public string Name { get; }

    public double Temperature { get; private set; }

    public double Humidity { get; private set; }

    public double SoilMoisture { get; private set; }

    public ZoneSnapshot Snapshot() => new(Name, Temperature, Humidity, SoilMoisture);

    /// <summary>Advances one second. <paramref name="daylight"/> runs from -1 (night) to 1 (noon).</summary>
    public void Step(Random random, double daylight)
    {
        double targetTemperature = _baseTemperature + DaySwing * daylight;
        Temperature = Walk(Temperature, targetTemperature, 0.15, random, MinTemperature, MaxTemperature);

        // Warm air holds more water, so relative humidity falls as it warms; wet soil gives some back.
        double targetHumidity = _baseHumidity - 1.5 * (Temperature - _baseTemperature) + 0.1 * (SoilMoisture - 50);
        Humidity = Walk(Humidity, targetHumidity, 0.5, random, MinHumidity, MaxHumidity);

        // Evaporation is proportional to the water left (so soil dries ever slower and never quite
        // reaches zero) and faster when warm: about 0.2 points a second at 50% and 24 °C.
        double evaporation = SoilMoisture * (0.002 + 0.0003 * Math.Max(0, Temperature - 18));
        SoilMoisture = Math.Clamp(SoilMoisture - evaporation + 0.05 * Gaussian(random), MinSoilMoisture, MaxSoilMoisture);
    }

    /// <summary>Pours <paramref name="liters"/> (positive) on the soil; returns the moisture after.</summary>
    public double Water(double liters)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(liters);
        // Soil near saturation drains what it cannot hold, so each liter adds less the wetter it is.
        SoilMoisture = Math.Clamp(SoilMoisture + liters * PointsPerLiter * (1 - SoilMoisture / MaxSoilMoisture), MinSoilMoisture, MaxSoilMoisture);
        Humidity = Math.Clamp(Humidity + 0.5 * liters, MinHumidity, MaxHumidity);
        return SoilMoisture;
    }

    private static double Walk(double value, double target, double noise, Random random, double min, double max) =>
        Math.Clamp(value + Pull * (target - value) + noise * Gaussian(random), min, max);

    /// <summary>A standard normal sample (Box-Muller); Random has no Gaussian of its own.</summary>
    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(); // (0, 1], so Log never sees 0
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
