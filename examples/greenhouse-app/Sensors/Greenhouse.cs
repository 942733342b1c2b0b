namespace GreenhouseApp.Sensors;

/// <summary>
/// The simulated greenhouse: zones, their sensors and plants. Thread-safe: request handlers, metric
/// callbacks and the <see cref="SimulationTicker"/> call it concurrently, and one lock guards the zones
/// and the seeded <see cref="Random"/> (which is not thread-safe itself). With the same seed and the
/// same calls in the same order, the values are the same.
/// </summary>
internal sealed class Greenhouse
{
    /// <summary>Ticks in a simulated day: ten minutes, so a day-night swing shows on a dashboard.</summary>
    public const int TicksPerDay = 600;

    private readonly Lock _gate = new();
    private readonly Random _random;
    private readonly TimeProvider _time;
    private readonly List<Zone> _zones;
    private readonly Dictionary<string, Zone> _zonesByName;
    private readonly Dictionary<string, (Zone Zone, SensorKind Kind)> _sensors;
    private readonly IReadOnlyList<Plant> _plants;
    private long _ticks;

    public Greenhouse(int seed, TimeProvider time)
        : this(GreenhouseLayout.CreateZones(), GreenhouseLayout.Plants, seed, time)
    {
    }

    public Greenhouse(List<Zone> zones, IReadOnlyList<Plant> plants, int seed, TimeProvider time)
    {
        _zones = zones;
        _plants = plants;
        _random = new Random(seed);
        _time = time;
        _zonesByName = zones.ToDictionary(z => z.Name, StringComparer.Ordinal);
        _sensors = new Dictionary<string, (Zone, SensorKind)>(StringComparer.Ordinal);
        foreach (var zone in zones)
        {
            foreach (var kind in Enum.GetValues<SensorKind>())
            {
                _sensors.Add(GreenhouseLayout.SensorId(zone.Name, kind), (zone, kind));
            }
        }
        SensorIds = [.. _sensors.Keys];
        ZoneNames = [.. zones.Select(z => z.Name)];
    }

    public IReadOnlyList<string> ZoneNames { get; }

    public IReadOnlyList<string> SensorIds { get; }

    public bool HasZone(string zone) => _zonesByName.ContainsKey(zone);

    /// <summary>Advances the simulation by one second.</summary>
    public void Step()
    {
        lock (_gate)
        {
            double daylight = Math.Sin(2 * Math.PI * (_ticks % TicksPerDay) / TicksPerDay);
            foreach (var zone in _zones)
            {
                zone.Step(_random, daylight);
            }
            _ticks++;
        }
    }

    public IReadOnlyList<ZoneSnapshot> Snapshot()
    {
        lock (_gate)
        {
            return [.. _zones.Select(z => z.Snapshot())];
        }
    }

    public IReadOnlyList<SensorReading> ReadAll()
    {
        var now = _time.GetUtcNow();
        var readings = new List<SensorReading>(_sensors.Count);
        foreach (var zone in Snapshot())
        {
            foreach (var kind in Enum.GetValues<SensorKind>())
            {
                readings.Add(Reading(zone, kind, now));
            }
        }
        return readings;
    }

    /// <summary>The current value of one sensor, or null for an id no sensor has.</summary>
    public SensorReading? Read(string sensorId)
    {
        if (!_sensors.TryGetValue(sensorId, out var sensor))
        {
            return null;
        }
        ZoneSnapshot snapshot;
        lock (_gate)
        {
            snapshot = sensor.Zone.Snapshot();
        }
        return Reading(snapshot, sensor.Kind, _time.GetUtcNow());
    }

    public IReadOnlyList<PlantStatus> Plants()
    {
        var moisture = Snapshot().ToDictionary(z => z.Zone, z => z.SoilMoisture, StringComparer.Ordinal);
        return [.. _plants.Select(p =>
        {
            double m = moisture[p.Zone];
            return new PlantStatus(p.Name, p.Zone, Math.Round(m, 1), p.MinMoisture, p.MaxMoisture, p.StatusAt(m));
        })];
    }

    /// <summary>
    /// Waters a zone with <paramref name="liters"/> (positive); returns the zone before and after,
    /// or null when there is no such zone.
    /// </summary>
    public (ZoneSnapshot Before, ZoneSnapshot After)? Water(string zone, double liters)
    {
        if (!_zonesByName.TryGetValue(zone, out var z))
        {
            return null;
        }
        lock (_gate)
        {
            var before = z.Snapshot();
            z.Water(liters);
            return (before, z.Snapshot());
        }
    }

    private static SensorReading Reading(ZoneSnapshot zone, SensorKind kind, DateTimeOffset now) =>
        new(GreenhouseLayout.SensorId(zone.Zone, kind), zone.Zone, kind, Math.Round(zone.Value(kind), 2), kind.Unit(), now);
}
