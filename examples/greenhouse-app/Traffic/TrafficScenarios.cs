using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using GreenhouseApp.Sensors;

namespace GreenhouseApp.Traffic;

/// <summary>
/// The mix of visits: mostly reads, some watering, and about one in six a client mistake (404, 400),
/// on top of the 500s and slow answers <see cref="Api.Chaos"/> adds. Weights add up to 100.
/// </summary>
internal static class TrafficScenarios
{
    public static IReadOnlyList<TrafficScenario> All { get; } =
    [
        new("browse-readings", 28, _ => Get("/api/readings")),
        new("read-sensor", 20, r => Get($"/api/readings/{AnySensor(r)}")),
        new("check-plants", 15, _ => Get("/api/plants")),
        new("water-json", 7, r => Post("/api/water", JsonContent.Create(new { zone = AnyZone(r), liters = AnyAmount(r) }))),
        new("water-query", 3, r => Post($"/api/water?zone={AnyZone(r)}&liters={AnyAmount(r).ToString(CultureInfo.InvariantCulture)}", null)),
        new("health", 10, _ => Get("/healthz")),
        new("unknown-sensor", 5, r => Get($"/api/readings/{AnyZone(r)}-pressure")),
        new("bad-water", 5, r => r.Next(3) switch
        {
            0 => Post("/api/water", JsonContent.Create(new { zone = AnyZone(r), liters = -1 })),
            1 => Post("/api/water", new StringContent("{\"zone\":", Encoding.UTF8, "application/json")),
            _ => Post("/api/water", null),
        }),
        new("unknown-zone", 4, _ => Post("/api/water?zone=attic", null)),
        new("missing-page", 3, _ => Get("/api/sprinklers")),
    ];

    /// <summary>Picks a scenario with probability proportional to its weight.</summary>
    public static TrafficScenario Pick(Random random)
    {
        int total = 0;
        foreach (var s in All)
        {
            total += s.Weight;
        }
        int roll = random.Next(total);
        foreach (var s in All)
        {
            roll -= s.Weight;
            if (roll < 0)
            {
                return s;
            }
        }
        return All[^1];
    }

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage Post(string path, HttpContent? content) => new(HttpMethod.Post, path) { Content = content };

    private static string AnyZone(Random random) => GreenhouseLayout.ZoneNames[random.Next(GreenhouseLayout.ZoneNames.Count)];

    private static string AnySensor(Random random) =>
        GreenhouseLayout.SensorId(AnyZone(random), Enum.GetValues<SensorKind>()[random.Next(3)]);

    private static double AnyAmount(Random random) => Math.Round(0.5 + 1.5 * random.NextDouble(), 1);
}
