using Microsoft.Extensions.Hosting;

namespace Vigil.Hosting;

/// <summary>
/// Replaces ASP.NET Core's console lifetime in every door: signals are handled once, by the server, which
/// then stops the doors in order. Without it each door would react to SIGTERM on its own.
/// </summary>
internal sealed class NoopHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
