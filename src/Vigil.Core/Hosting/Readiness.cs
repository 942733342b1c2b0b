namespace Vigil.Core.Hosting;

/// <summary>
/// Whether the process is ready to serve: false while it starts (listeners up, stores replaying) and
/// again while it shuts down. Health endpoints of every door read it (Prometheus /-/ready, Loki and
/// Tempo /ready, the UI's /api/health). Thread-safe.
/// </summary>
public sealed class Readiness
{
    private const string StartingReason = "Starting";

    private volatile string? _notReadyReason = StartingReason;

    public bool IsReady => _notReadyReason is null;

    /// <summary>True until the first <see cref="MarkReady"/>: doors may listen while stores still load, and answer 503.</summary>
    public bool IsStarting => ReferenceEquals(_notReadyReason, StartingReason);

    /// <summary>Why the process is not ready ("Starting", "Stopping"), or empty when ready.</summary>
    public string Reason => _notReadyReason ?? string.Empty;

    public void MarkReady() => _notReadyReason = null;

    public void MarkStopping() => _notReadyReason = "Stopping";
}
