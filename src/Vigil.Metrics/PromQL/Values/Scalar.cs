namespace Vigil.Metrics.PromQL.Values;

/// <summary>A scalar result at time T (ms).</summary>
public readonly record struct Scalar(long T, double V);

/// <summary>A string result at time T (ms).</summary>
public readonly record struct StringValue(long T, string V);
