using GreenhouseApp.Telemetry;

namespace GreenhouseApp.Api;

/// <summary>The endpoints outside /api: a health check and a small index for people who open the root.</summary>
internal static class ServiceEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        // No chaos here: a health check that fails at random would only teach people to ignore it.
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        endpoints.MapGet("/", () => Results.Ok(new
        {
            service = GreenhouseTelemetry.ServiceName,
            version = GreenhouseTelemetry.Version,
            endpoints = new[]
            {
                "GET /api/readings",
                "GET /api/readings/{sensor}",
                "GET /api/plants",
                "POST /api/water {\"zone\":\"north\",\"liters\":1.5} or ?zone=north&liters=1.5",
                "GET /healthz",
                "GET /metrics",
            },
        }));
    }
}
