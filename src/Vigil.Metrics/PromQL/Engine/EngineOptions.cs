namespace Vigil.Metrics.PromQL.Engine;

/// <summary>Engine limits and settings (Prometheus's --query.* flags and engine options).</summary>
public sealed record EngineOptions
{
    /// <summary>--query.lookback-delta: how far back an instant selector looks for a sample.</summary>
    public TimeSpan LookbackDelta { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>--query.timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>--query.max-samples: samples a query may hold in memory at once.</summary>
    public int MaxSamples { get; init; } = 50_000_000;

    /// <summary>--query.max-concurrency: queries evaluated at once; more wait in line.</summary>
    public int MaxConcurrency { get; init; } = 20;

    /// <summary>Resolution of subqueries written without a step (<c>[5m:]</c>); upstream's default is the global evaluation interval, 1m.</summary>
    public TimeSpan DefaultSubqueryStep { get; init; } = TimeSpan.FromMinutes(1);
}
