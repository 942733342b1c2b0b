using System.Diagnostics;

namespace GreenhouseApp.Hosting;

/// <summary>
/// Stops the app when the process named by GREENHOUSE_PARENT_PID ends. Vigil sends SIGTERM when it
/// stops cleanly, but a Vigil killed with SIGKILL cannot, and the demo would go on holding port 8000.
/// </summary>
internal sealed partial class ParentWatch(int parentPid, IHostApplicationLifetime lifetime, ILogger<ParentWatch> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var parent = Find(parentPid);
        if (parent is not null)
        {
            try
            {
                // On Unix the runtime polls a process that is not our child; that is fine at this scale.
                await parent.WaitForExitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        // Stopping while Kestrel binds fails the start with an exception; let it finish first.
        if (await lifetime.WaitForStartAsync(stoppingToken))
        {
            LogParentGone(logger, parentPid);
            lifetime.StopApplication();
        }
    }

    private static Process? Find(int pid)
    {
        try
        {
            return Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            return null; // already gone
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Parent process {ParentPid} has exited; shutting down")]
    private static partial void LogParentGone(ILogger logger, int parentPid);

    public static void AddTo(IServiceCollection services, GreenhouseOptions options)
    {
        if (options.ParentPid is int pid)
        {
            services.AddHostedService(sp => ActivatorUtilities.CreateInstance<ParentWatch>(sp, pid));
        }
    }
}
