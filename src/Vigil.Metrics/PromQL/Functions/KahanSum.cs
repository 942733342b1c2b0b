namespace Vigil.Metrics.PromQL.Functions;

/// <summary>
/// Kahan-Neumaier compensated summation, as upstream's util/kahansum <c>Inc</c>: returns the new sum and
/// carries the compensation separately; the caller adds the compensation at the end (sum + c).
/// </summary>
internal static class KahanSum
{
    public static double Inc(double inc, double sum, ref double c)
    {
        double t = sum + inc;
        if (double.IsInfinity(t)) c = 0;
        // Neumaier: compensate with whichever operand is larger in magnitude.
        else if (Math.Abs(sum) >= Math.Abs(inc)) c += (sum - t) + inc;
        else c += (inc - t) + sum;
        return t;
    }
}
