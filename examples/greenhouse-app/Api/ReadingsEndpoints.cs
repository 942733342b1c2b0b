using GreenhouseApp.Sensors;
using GreenhouseApp.Telemetry;

namespace GreenhouseApp.Api;

/// <summary>GET /api/readings (every sensor) and GET /api/readings/{sensor} (one, or 404).</summary>
internal sealed partial class ReadingsEndpoints(Greenhouse greenhouse, Chaos chaos, ILogger<ReadingsEndpoints> logger)
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/readings", (ReadingsEndpoints e, CancellationToken ct) => e.ReadAllAsync(ct));
        api.MapGet("/readings/{sensor}", (string sensor, ReadingsEndpoints e, CancellationToken ct) => e.ReadOneAsync(sensor, ct));
    }

    private async Task<IResult> ReadAllAsync(CancellationToken cancellationToken)
    {
        using var span = GreenhouseTelemetry.Source.StartActivity("read-sensors");
        try
        {
            await PollSensorBusAsync(cancellationToken);
            var readings = greenhouse.ReadAll();
            span?.SetTag("greenhouse.sensor.count", readings.Count);
            LogReadAll(logger, readings.Count);
            return Results.Ok(readings);
        }
        catch (Exception ex) when (span.Fail(ex))
        {
            throw;
        }
    }

    private async Task<IResult> ReadOneAsync(string sensor, CancellationToken cancellationToken)
    {
        using var span = GreenhouseTelemetry.Source.StartActivity("read-sensor");
        span?.SetTag("greenhouse.sensor", sensor);
        try
        {
            if (greenhouse.Read(sensor) is null)
            {
                LogUnknownSensor(logger, sensor);
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown sensor",
                    detail: $"no sensor '{sensor}'; known sensors: {string.Join(", ", greenhouse.SensorIds)}");
            }
            await PollSensorBusAsync(cancellationToken);
            // Read after the (maybe slow) poll, so the value is as of the answer.
            var reading = greenhouse.Read(sensor)!;
            span?.SetTag("greenhouse.zone", reading.Zone);
            span?.SetTag("greenhouse.sensor.value", reading.Value);
            LogReadOne(logger, sensor, reading.Value, reading.Unit);
            return Results.Ok(reading);
        }
        catch (Exception ex) when (span.Fail(ex))
        {
            throw;
        }
    }

    private async Task PollSensorBusAsync(CancellationToken cancellationToken)
    {
        await chaos.MaybeStallAsync(cancellationToken);
        chaos.MaybeFail("the sensor bus");
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Read {Count} sensors")]
    private static partial void LogReadAll(ILogger logger, int count);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Sensor {Sensor} reads {Value} {Unit}")]
    private static partial void LogReadOne(ILogger logger, string sensor, double value, string unit);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "No sensor named {Sensor}")]
    private static partial void LogUnknownSensor(ILogger logger, string sensor);
}
