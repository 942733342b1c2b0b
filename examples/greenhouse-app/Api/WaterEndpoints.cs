using System.Diagnostics;
using GreenhouseApp.Sensors;
using GreenhouseApp.Telemetry;

namespace GreenhouseApp.Api;

/// <summary>
/// POST /api/water: opens a zone's valve long enough to pour the asked liters, raising its soil
/// moisture. 400 for a bad request, 404 for an unknown zone.
/// </summary>
internal sealed partial class WaterEndpoints(Greenhouse greenhouse, Chaos chaos, AppMetrics metrics, ILogger<WaterEndpoints> logger)
{
    /// <summary>The valve pours about 6.7 liters a second, so 1 liter keeps it open 150 ms.</summary>
    private static readonly TimeSpan ValveTimePerLiter = TimeSpan.FromMilliseconds(150);

    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/water", (HttpRequest request, WaterEndpoints e, CancellationToken ct) => e.WaterAsync(request, ct));

    private async Task<IResult> WaterAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (water, error) = await WaterRequest.ReadAsync(request, cancellationToken);
        if (water is null)
        {
            LogBadRequest(logger, error!);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad water request", detail: error);
        }
        if (!greenhouse.HasZone(water.Zone))
        {
            LogUnknownZone(logger, water.Zone);
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown zone",
                detail: $"no zone '{water.Zone}'; known zones: {string.Join(", ", greenhouse.ZoneNames)}");
        }

        using var span = GreenhouseTelemetry.Source.StartActivity("open-valve");
        span?.SetTag("greenhouse.zone", water.Zone);
        span?.SetTag("greenhouse.water.liters", water.Liters);
        // The zone rides along on every log line below as a scope attribute.
        using var scope = logger.BeginScope(new KeyValuePair<string, object?>[] { new("greenhouse.zone", water.Zone) });
        try
        {
            await chaos.MaybeStallAsync(cancellationToken);
            chaos.MaybeFail($"the valve of zone {water.Zone}");
            long opened = Stopwatch.GetTimestamp();
            await Task.Delay(ValveTimePerLiter * water.Liters, cancellationToken);
            var (before, after) = greenhouse.Water(water.Zone, water.Liters)!.Value;
            var open = Stopwatch.GetElapsedTime(opened);
            metrics.RecordWatering(water.Zone, open);
            span?.SetTag("greenhouse.soil_moisture.before", Math.Round(before.SoilMoisture, 2));
            span?.SetTag("greenhouse.soil_moisture.after", Math.Round(after.SoilMoisture, 2));
            LogWatered(logger, water.Zone, water.Liters, before.SoilMoisture, after.SoilMoisture);
            return Results.Ok(new
            {
                zone = water.Zone,
                liters = water.Liters,
                soilMoistureBefore = Math.Round(before.SoilMoisture, 2),
                soilMoistureAfter = Math.Round(after.SoilMoisture, 2),
                valveOpenSeconds = Math.Round(open.TotalSeconds, 3),
            });
        }
        catch (Exception ex) when (span.Fail(ex))
        {
            throw;
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information,
        Message = "Watered zone {Zone} with {Liters} L: soil moisture {Before:F1}% -> {After:F1}%")]
    private static partial void LogWatered(ILogger logger, string zone, double liters, double before, double after);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Rejected a water request: {Reason}")]
    private static partial void LogBadRequest(ILogger logger, string reason);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "No zone named {Zone} to water")]
    private static partial void LogUnknownZone(ILogger logger, string zone);
}
