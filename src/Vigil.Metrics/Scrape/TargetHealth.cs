namespace Vigil.Metrics.Scrape;

/// <summary>What <c>/api/v1/targets</c> shows of a target's last scrape (Prometheus <c>Target.Report</c>). Written by its loop, read by the API.</summary>
internal sealed class TargetHealth
{
    private readonly Lock _lock = new();
    private string _health = "unknown";
    private string _lastError = "";
    private DateTimeOffset _lastScrape;
    private TimeSpan _lastDuration;

    public void Record(bool up, string error, DateTimeOffset at, TimeSpan duration)
    {
        lock (_lock)
        {
            _health = up ? "up" : "down";
            _lastError = error;
            _lastScrape = at;
            _lastDuration = duration;
        }
    }

    /// <summary>Health is <c>unknown</c> until the first scrape, then <c>up</c> or <c>down</c>.</summary>
    public (string Health, string LastError, DateTimeOffset LastScrape, TimeSpan LastDuration) Snapshot()
    {
        lock (_lock) return (_health, _lastError, _lastScrape, _lastDuration);
    }
}
