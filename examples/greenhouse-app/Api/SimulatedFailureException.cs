namespace GreenhouseApp.Api;

/// <summary>A failure the demo causes on purpose (<see cref="Chaos"/>), so error telemetry has something to show.</summary>
internal sealed class SimulatedFailureException(string message) : Exception(message);
