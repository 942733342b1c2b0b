using Vigil.Metrics.Model;

namespace Vigil.Metrics.PromQL.Values;

/// <summary>A range vector or range query result: series with their points (Prometheus <c>promql.Matrix</c>).</summary>
public sealed class Matrix : List<RangeSeries>
{
    public Matrix() { }
    public Matrix(int capacity) : base(capacity) { }
}

/// <summary>One series of a <see cref="Matrix"/>; points ascending by time. <see cref="Histograms"/> is null when there are none.</summary>
public sealed class RangeSeries(Labels metric)
{
    public Labels Metric { get; set; } = metric;
    public List<FPoint> Floats { get; set; } = [];
    public List<HPoint>? Histograms { get; set; }
    public bool DropName { get; set; }
}
