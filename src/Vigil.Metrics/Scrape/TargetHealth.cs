namespace Vigil.Metrics.Scrape;

/// <summary>What /api/v1/targets shows of a target's last scrape. Written by its loop, read by the API.</summary>
internal sealed class TargetHealth
{
    private readonly object _lock = new();
    private string _health = "unknown";
    private string _lastError = "";
    private DateTimeOffset _lastScrape;
    private double _lastDurationSeconds;
    private int _lastSamples;

    public void Record(bool up, string error, DateTimeOffset at, double durationSeconds, int samples)
    {
        lock (_lock)
        {
            _health = up ? "up" : "down";
            _lastError = error;
            _lastScrape = at;
            _lastDurationSeconds = durationSeconds;
            _lastSamples = samples;
        }
    }

    public (string Health, string LastError, DateTimeOffset LastScrape, double LastDurationSeconds, int LastSamples) Snapshot()
    {
        lock (_lock) return (_health, _lastError, _lastScrape, _lastDurationSeconds, _lastSamples);
    }
}
