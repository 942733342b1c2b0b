using Vigil.Metrics.Model;

namespace Vigil.Metrics.PromQL.Values;

/// <summary>
/// One element of an instant vector (Prometheus <c>promql.Sample</c>): a float (<see cref="H"/> null) or a
/// native histogram. <see cref="DropName"/> is delayed name removal: operations that would drop
/// <c>__name__</c> set it, and the engine drops the name (and <c>__type__</c>/<c>__unit__</c>) at the end.
/// </summary>
public struct Sample
{
    public Labels Metric;
    public long T;
    public double F;
    public FloatHistogram? H;
    public bool DropName;

    public Sample(Labels metric, long t, double f)
    {
        Metric = metric;
        T = t;
        F = f;
    }
}
