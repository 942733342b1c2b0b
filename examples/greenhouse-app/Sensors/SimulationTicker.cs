namespace GreenhouseApp.Sensors;

/// <summary>Moves the simulation on by one tick a second, whether or not anyone is reading.</summary>
internal sealed class SimulationTicker(Greenhouse greenhouse, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                greenhouse.Step();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
