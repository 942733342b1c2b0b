namespace Vigil.Metrics.PromQL.Engine;

/// <summary>Kahan–Neumaier compensated summation, one addend at a time (upstream kahanSumInc).</summary>
internal static class KahanSum
{
    public static (double Sum, double C) Inc(double inc, double sum, double c)
    {
        double t = sum + inc;
        if (double.IsInfinity(t)) c = 0;
        // Neumaier's improvement: compensate with the larger of the two terms.
        else if (Math.Abs(sum) >= Math.Abs(inc)) c += sum - t + inc;
        else c += inc - t + sum;
        return (t, c);
    }
}
