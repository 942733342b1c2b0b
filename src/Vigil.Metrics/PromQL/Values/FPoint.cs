namespace Vigil.Metrics.PromQL.Values;

/// <summary>A float sample of a series in a range result: time in ms and value.</summary>
public readonly record struct FPoint(long T, double F);

/// <summary>A native histogram sample of a series in a range result.</summary>
public readonly record struct HPoint(long T, FloatHistogram H);
