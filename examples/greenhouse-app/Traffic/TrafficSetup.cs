namespace GreenhouseApp.Traffic;

internal static class TrafficSetup
{
    /// <summary>Registers the traffic generator and its HttpClient (instrumented like any other by the OTel SDK).</summary>
    public static IServiceCollection AddTrafficGenerator(this IServiceCollection services)
    {
        // Longer than the slowest simulated answer (1.5 s), shorter than anyone would wait.
        services.AddHttpClient(TrafficGenerator.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddHostedService<TrafficGenerator>();
        return services;
    }
}
