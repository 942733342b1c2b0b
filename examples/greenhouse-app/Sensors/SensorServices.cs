using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GreenhouseApp.Sensors;

internal static class SensorServices
{
    /// <summary>Registers the greenhouse (one per process) and the ticker that moves it.</summary>
    public static IServiceCollection AddGreenhouseSimulation(this IServiceCollection services, GreenhouseOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new Greenhouse(options.Seed, sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<SimulationTicker>();
        return services;
    }
}
