using System.Diagnostics;

namespace GreenhouseApp.Api;

/// <summary>
/// Makes some API requests slow or fail on purpose, so dashboards show latency and errors. Handlers
/// call it inside their own span, so the delay and the failure land on "read-sensors" or "open-valve"
/// rather than only on the server span. Thread-safe (Random.Shared).
/// </summary>
internal sealed class Chaos(GreenhouseOptions options, TimeProvider time)
{
    /// <summary>With probability <see cref="GreenhouseOptions.SlowRate"/>, waits 200-1500 ms.</summary>
    public Task MaybeStallAsync(CancellationToken cancellationToken)
    {
        if (options.SlowRate <= 0 || Random.Shared.NextDouble() >= options.SlowRate)
        {
            return Task.CompletedTask;
        }
        int delayMs = Random.Shared.Next(200, 1501);
        Activity.Current?.AddEvent(new ActivityEvent("chaos.stall", tags: new ActivityTagsCollection { ["chaos.delay_ms"] = delayMs }));
        return Task.Delay(TimeSpan.FromMilliseconds(delayMs), time, cancellationToken);
    }

    /// <summary>With probability <see cref="GreenhouseOptions.FailureRate"/>, throws, naming the part that "broke".</summary>
    public void MaybeFail(string part)
    {
        if (options.FailureRate > 0 && Random.Shared.NextDouble() < options.FailureRate)
        {
            throw new SimulatedFailureException($"{part} did not answer (simulated failure)");
        }
    }
}
