namespace GreenhouseApp.Hosting;

internal static class LifetimeExtensions
{
    /// <summary>
    /// Waits until the host has started (Kestrel is listening, its addresses are known); false if
    /// <paramref name="cancellationToken"/> has fired by then. Background services start before the server
    /// does, so anything that needs the server waits here.
    /// </summary>
    public static async Task<bool> WaitForStartAsync(this IHostApplicationLifetime lifetime, CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onCancelled = cancellationToken.Register(() => started.TrySetCanceled(cancellationToken));
        try
        {
            await started.Task;
            return !cancellationToken.IsCancellationRequested;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
