namespace GreenhouseApp.Sensors;

/// <summary>
/// The demo greenhouse: three zones with different climates and the plants in them. The plants'
/// moisture ranges overlap the zones' natural drift, so /api/plants shows a mix of thirsty, ok and
/// soggy plants as the traffic generator waters at random.
/// </summary>
internal static class GreenhouseLayout
{
    public static IReadOnlyList<string> ZoneNames { get; } = ["north", "south", "tropical"];

    public static IReadOnlyList<Plant> Plants { get; } =
    [
        new("tomato", "north", 40, 70),
        new("basil", "north", 35, 60),
        new("cactus", "south", 10, 35),
        new("aloe", "south", 15, 45),
        new("orchid", "tropical", 50, 75),
        new("fern", "tropical", 55, 85),
    ];

    /// <summary>Fresh zones at their starting values; a new list each call, since zones are mutable.</summary>
    public static List<Zone> CreateZones() =>
    [
        new("north", baseTemperature: 21, baseHumidity: 65, soilMoisture: 55),
        new("south", baseTemperature: 27, baseHumidity: 50, soilMoisture: 35),
        new("tropical", baseTemperature: 25, baseHumidity: 80, soilMoisture: 65),
    ];

    /// <summary>The id of a zone's sensor of one kind: <c>north-temperature</c>.</summary>
    public static string SensorId(string zone, SensorKind kind) => $"{zone}-{kind.Slug()}";
}
