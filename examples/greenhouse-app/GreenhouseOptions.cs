using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace GreenhouseApp;

/// <summary>
/// Every setting of the demo, read once at start from configuration, so environment variables,
/// <c>--KEY=value</c> arguments and appsettings.json all work (Vigil passes environment variables).
/// To add a setting: add a property with its default here, read it in <see cref="TryLoad"/> naming
/// its key in the error, and list it in README.md.
/// </summary>
internal sealed record GreenhouseOptions
{
    public const string PortKey = "GREENHOUSE_PORT";
    public const string TrafficKey = "GREENHOUSE_TRAFFIC";
    public const string TrafficIntervalKey = "GREENHOUSE_TRAFFIC_INTERVAL_MS";
    public const string FailureRateKey = "GREENHOUSE_FAILURE_RATE";
    public const string SlowRateKey = "GREENHOUSE_SLOW_RATE";
    public const string SeedKey = "GREENHOUSE_SEED";
    public const string ParentPidKey = "GREENHOUSE_PARENT_PID";

    /// <summary>Port to listen on, on every IPv4 interface; null leaves the choice to --urls/ASPNETCORE_URLS or 8000.</summary>
    public int? Port { get; init; }

    /// <summary>Whether the built-in traffic generator calls the app's own endpoints.</summary>
    public bool TrafficEnabled { get; init; } = true;

    /// <summary>Mean pause between generated requests; each pause is jittered by ±40%, so 350 ms gives ~200-500 ms.</summary>
    public TimeSpan TrafficInterval { get; init; } = TimeSpan.FromMilliseconds(350);

    /// <summary>Share of API requests that fail with a 500 on purpose.</summary>
    public double FailureRate { get; init; } = 0.05;

    /// <summary>Share of API requests delayed by 200-1500 ms on purpose.</summary>
    public double SlowRate { get; init; } = 0.10;

    /// <summary>Seed of the sensor simulation, so two runs walk the same way.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Process to outlive by no more than a moment (Vigil sets it), so a killed Vigil leaves no orphan behind.</summary>
    public int? ParentPid { get; init; }

    public static bool TryLoad(IConfiguration config, [NotNullWhen(true)] out GreenhouseOptions? options, [NotNullWhen(false)] out string? error)
    {
        options = null;
        var result = new GreenhouseOptions();
        if (config[PortKey] is { Length: > 0 } port)
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int p) || p > 65535)
            {
                error = $"{PortKey} must be a port number from 0 to 65535, got '{port}'";
                return false;
            }
            result = result with { Port = p };
        }
        if (config[TrafficKey] is { Length: > 0 } traffic)
        {
            if (!bool.TryParse(traffic, out bool on))
            {
                error = $"{TrafficKey} must be true or false, got '{traffic}'";
                return false;
            }
            result = result with { TrafficEnabled = on };
        }
        if (config[TrafficIntervalKey] is { Length: > 0 } interval)
        {
            if (!int.TryParse(interval, NumberStyles.None, CultureInfo.InvariantCulture, out int ms) || ms < 10)
            {
                error = $"{TrafficIntervalKey} must be a whole number of milliseconds, at least 10, got '{interval}'";
                return false;
            }
            result = result with { TrafficInterval = TimeSpan.FromMilliseconds(ms) };
        }
        if (!TryReadRate(config, FailureRateKey, result.FailureRate, out double failureRate, out error)
            || !TryReadRate(config, SlowRateKey, result.SlowRate, out double slowRate, out error))
        {
            return false;
        }
        result = result with { FailureRate = failureRate, SlowRate = slowRate };
        if (config[SeedKey] is { Length: > 0 } seed)
        {
            if (!int.TryParse(seed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int s))
            {
                error = $"{SeedKey} must be a whole number, got '{seed}'";
                return false;
            }
            result = result with { Seed = s };
        }
        if (config[ParentPidKey] is { Length: > 0 } parent)
        {
            if (!int.TryParse(parent, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid == 0)
            {
                error = $"{ParentPidKey} must be a process id, got '{parent}'";
                return false;
            }
            result = result with { ParentPid = pid };
        }
        options = result;
        error = null;
        return true;
    }

    private static bool TryReadRate(IConfiguration config, string key, double fallback, out double rate, [NotNullWhen(false)] out string? error)
    {
        rate = fallback;
        error = null;
        if (config[key] is not { Length: > 0 } text)
        {
            return true;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out rate) || !(rate is >= 0 and <= 1))
        {
            error = $"{key} must be a fraction from 0 to 1, got '{text}'";
            return false;
        }
        return true;
    }
}
