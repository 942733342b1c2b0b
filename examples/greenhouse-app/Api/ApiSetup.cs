using System.Text.Json;
using System.Text.Json.Serialization;

namespace GreenhouseApp.Api;

internal static class ApiSetup
{
    public static IServiceCollection AddGreenhouseApi(this IServiceCollection services)
    {
        services.AddSingleton<Chaos>();
        services.AddSingleton<ReadingsEndpoints>();
        services.AddSingleton<PlantsEndpoints>();
        services.AddSingleton<WaterEndpoints>();
        services.AddProblemDetails();
        // "soil_moisture" rather than 2 in JSON.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower)));
        return services;
    }

    /// <summary>Adds the error boundary and maps every endpoint; call after the telemetry middleware.</summary>
    public static WebApplication MapGreenhouseApi(this WebApplication app)
    {
        app.UseMiddleware<ErrorHandlingMiddleware>();
        var api = app.MapGroup("/api");
        ReadingsEndpoints.Map(api);
        PlantsEndpoints.Map(api);
        WaterEndpoints.Map(api);
        ServiceEndpoints.Map(app);
        return app;
    }
}
