using GreenhouseApp.Sensors;

namespace GreenhouseApp.Tests.Sensors;

public class GreenhouseTests
{
    private static Greenhouse NewGreenhouse(int seed = 42) => new(seed, TimeProvider.System);

    [Fact]
    public void Watering_raises_soil_moisture_and_only_in_that_zone()
    {
        var greenhouse = NewGreenhouse();
        var before = greenhouse.Snapshot().ToDictionary(z => z.Zone);

        var result = greenhouse.Water("north", 1.5);

        Assert.NotNull(result);
        Assert.Equal(before["north"].SoilMoisture, result.Value.Before.SoilMoisture);
        Assert.True(result.Value.After.SoilMoisture > before["north"].SoilMoisture);
        var after = greenhouse.Snapshot().ToDictionary(z => z.Zone);
        Assert.Equal(result.Value.After.SoilMoisture, after["north"].SoilMoisture);
        Assert.Equal(before["south"].SoilMoisture, after["south"].SoilMoisture);
        Assert.Equal(before["tropical"].SoilMoisture, after["tropical"].SoilMoisture);
    }

    [Fact]
    public void More_water_raises_moisture_more_but_never_past_saturation()
    {
        var little = NewGreenhouse().Water("south", 0.5)!.Value.After.SoilMoisture;
        var lots = NewGreenhouse().Water("south", 5)!.Value.After.SoilMoisture;
        Assert.True(lots > little);

        var greenhouse = NewGreenhouse();
        for (int i = 0; i < 200; i++)
        {
            greenhouse.Water("south", 5);
        }
        Assert.InRange(greenhouse.Snapshot().Single(z => z.Zone == "south").SoilMoisture, 99, Zone.MaxSoilMoisture);
    }

    [Fact]
    public void Watering_an_unknown_zone_changes_nothing()
    {
        var greenhouse = NewGreenhouse();
        var before = greenhouse.Snapshot();
        Assert.Null(greenhouse.Water("attic", 1));
        Assert.Equal(before, greenhouse.Snapshot());
    }

    [Fact]
    public void Soil_dries_when_nobody_waters()
    {
        var greenhouse = NewGreenhouse();
        var start = greenhouse.Snapshot();
        for (int i = 0; i < Greenhouse.TicksPerDay; i++)
        {
            greenhouse.Step();
        }
        var end = greenhouse.Snapshot();
        for (int z = 0; z < start.Count; z++)
        {
            Assert.True(end[z].SoilMoisture < start[z].SoilMoisture - 10, $"{start[z].Zone}: {start[z].SoilMoisture} -> {end[z].SoilMoisture}");
        }
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(42, false)]
    [InlineData(-7, true)]
    [InlineData(123456, true)]
    public void Readings_stay_in_plausible_bounds_over_many_days(int seed, bool floodEveryTick)
    {
        var greenhouse = NewGreenhouse(seed);
        for (int i = 0; i < 20 * Greenhouse.TicksPerDay; i++)
        {
            greenhouse.Step();
            if (floodEveryTick)
            {
                greenhouse.Water(greenhouse.ZoneNames[i % greenhouse.ZoneNames.Count], WaterLimit);
            }
            foreach (var zone in greenhouse.Snapshot())
            {
                Assert.InRange(zone.Temperature, Zone.MinTemperature, Zone.MaxTemperature);
                Assert.InRange(zone.Humidity, Zone.MinHumidity, Zone.MaxHumidity);
                Assert.InRange(zone.SoilMoisture, Zone.MinSoilMoisture, Zone.MaxSoilMoisture);
            }
        }
        // Mean reversion keeps the air near its zone's climate, not merely inside the clamps.
        foreach (var zone in greenhouse.Snapshot())
        {
            Assert.InRange(zone.Temperature, 10, 40);
        }
    }

    private const double WaterLimit = 5;

    [Fact]
    public void The_same_seed_walks_the_same_way()
    {
        var a = NewGreenhouse(7);
        var b = NewGreenhouse(7);
        var c = NewGreenhouse(8);
        for (int i = 0; i < 100; i++)
        {
            a.Step();
            b.Step();
            c.Step();
        }
        Assert.Equal(a.Snapshot(), b.Snapshot());
        Assert.NotEqual(a.Snapshot(), c.Snapshot());
    }

    [Fact]
    public void Every_zone_has_a_sensor_of_each_kind()
    {
        var greenhouse = NewGreenhouse();
        var readings = greenhouse.ReadAll();

        Assert.Equal(greenhouse.ZoneNames.Count * 3, readings.Count);
        Assert.Equal(greenhouse.SensorIds.Order(), readings.Select(r => r.Sensor).Order());
        var soil = greenhouse.Read("tropical-soil-moisture");
        Assert.NotNull(soil);
        Assert.Equal(("tropical", SensorKind.SoilMoisture, "%"), (soil.Zone, soil.Kind, soil.Unit));
        Assert.Equal("Cel", greenhouse.Read("north-temperature")!.Unit);
        Assert.Null(greenhouse.Read("north-pressure"));
        Assert.Null(greenhouse.Read(""));
    }

    [Fact]
    public void Plants_report_their_zone_moisture_against_their_range()
    {
        var greenhouse = NewGreenhouse();
        var plants = greenhouse.Plants();
        Assert.Equal(GreenhouseLayout.Plants.Count, plants.Count);
        Assert.All(plants, p => Assert.Contains(p.Status, new[] { "thirsty", "ok", "soggy" }));

        for (int i = 0; i < 30; i++)
        {
            greenhouse.Water("tropical", 5);
        }
        Assert.All(greenhouse.Plants().Where(p => p.Zone == "tropical"), p => Assert.Equal("soggy", p.Status));
    }
}
