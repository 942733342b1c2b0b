namespace Vigil.Core.Hosting;

/// <summary>
/// Whether the process is ready to serve: false while it starts (listeners up, stores replaying) and
/// again while it shuts down. Health endpoints of every door read it (Prometheus /-/ready, Loki and
/// Tempo /ready, the UI's /api/health). Thread-safe.
/// </summary>
public sealed class Readiness
{
    private volatile string? _notReadyReason = "Starting";

    public bool IsReady => _notReadyReason is null;

    /// <summary>Why the process is not ready ("Starting", "Stopping"), or empty when ready.</summary>
    public string Reason => _notReadyReason ?? string.Empty;

    public void MarkReady() => _notReadyReason = null;

    public void MarkStopping() => _notReadyReason = "Stopping";
}
