using GreenhouseApp.Sensors;
using GreenhouseApp.Telemetry;

namespace GreenhouseApp.Api;

/// <summary>GET /api/plants: every plant, its zone's soil moisture and whether it is thirsty, ok or soggy.</summary>
internal sealed partial class PlantsEndpoints(Greenhouse greenhouse, Chaos chaos, ILogger<PlantsEndpoints> logger)
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/plants", (PlantsEndpoints e, CancellationToken ct) => e.InspectAsync(ct));

    private async Task<IResult> InspectAsync(CancellationToken cancellationToken)
    {
        using var span = GreenhouseTelemetry.Source.StartActivity("inspect-plants");
        try
        {
            await chaos.MaybeStallAsync(cancellationToken);
            chaos.MaybeFail("the plant camera");
            var plants = greenhouse.Plants();
            var unhappy = plants.Where(p => p.Status != "ok").Select(p => $"{p.Name} ({p.Status})").ToList();
            if (unhappy.Count > 0)
            {
                // One warning per look, not per plant: enough to give the log views a level between info and error.
                LogUnhappy(logger, unhappy.Count, plants.Count, string.Join(", ", unhappy));
            }
            span?.SetTag("greenhouse.plants.count", plants.Count);
            span?.SetTag("greenhouse.plants.unhappy", unhappy.Count);
            return Results.Ok(plants);
        }
        catch (Exception ex) when (span.Fail(ex))
        {
            throw;
        }
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "{Unhappy} of {Total} plants need attention: {Plants}")]
    private static partial void LogUnhappy(ILogger logger, int unhappy, int total, string plants);
}
