namespace Vigil.Metrics.PromQL.Functions;

/// <summary>
/// A reusable float buffer kept in <see cref="EvalNodeHelper.FunctionState"/>, so functions that sort a window's
/// values (quantile_over_time, mad_over_time) do not allocate per series and step.
/// </summary>
internal sealed class FloatScratch
{
    private double[] _buffer = new double[64];

    public static FloatScratch Of(EvalNodeHelper helper)
    {
        if (helper.FunctionState is FloatScratch s) return s;
        s = new FloatScratch();
        helper.FunctionState = s;
        return s;
    }

    public Span<double> Rent(int length)
    {
        if (_buffer.Length < length) _buffer = new double[Math.Max(length, _buffer.Length * 2)];
        return _buffer.AsSpan(0, length);
    }
}
