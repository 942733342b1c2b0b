using System.Runtime.InteropServices;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.PromQL.Functions;

/// <summary>
/// Distribution statistics of one series' window: quantile_over_time, stddev_over_time, stdvar_over_time and
/// mad_over_time. Histogram samples in the window are ignored with an info, as upstream (promql/functions.go).
/// </summary>
internal static class StatsOverTimeFunctions
{
    public static void Register(Dictionary<string, FunctionCall> registry)
    {
        registry["quantile_over_time"] = QuantileOverTime;
        registry["stddev_over_time"] = (_, m, args, h, a) => VarianceOverTime(m, args, h, a, sqrt: true);
        registry["stdvar_over_time"] = (_, m, args, h, a) => VarianceOverTime(m, args, h, a, sqrt: false);
        registry["mad_over_time"] = MadOverTime;
    }

    private static void QuantileOverTime(IReadOnlyList<Vector> vectorArgs, Matrix matrix, IReadOnlyList<Expr> args, EvalNodeHelper helper, Annotations annotations)
    {
        if (matrix.Count == 0 || FunctionArgs.Scalar(vectorArgs, args, 0) is not { } q) return;
        var series = matrix[0];
        var f = CollectionsMarshal.AsSpan(series.Floats);
        if (f.Length == 0) return;
        // Upstream reports both at the first argument (the quantile), not at the range.
        if (double.IsNaN(q) || q < 0 || q > 1) annotations.Warn(AnnotationTexts.InvalidQuantile(q), FunctionArgs.Position(args, 0));
        if (series.Histograms is { Count: > 0 })
            annotations.Info(AnnotationTexts.HistogramIgnoredInMixedRange(FunctionArgs.MetricName(series.Metric)), FunctionArgs.Position(args, 0));
        var values = FloatScratch.Of(helper).Rent(f.Length);
        for (int i = 0; i < f.Length; i++) values[i] = f[i].F;
        OverTimeFunctions.Emit(helper, series, Quantiles.Of(q, values), dropName: true);
    }

    private static void VarianceOverTime(Matrix matrix, IReadOnlyList<Expr> args, EvalNodeHelper helper, Annotations annotations, bool sqrt)
    {
        if (FloatSeries(matrix, args, annotations) is not { } series) return;
        var f = CollectionsMarshal.AsSpan(series.Floats);
        // Welford's online variance with Kahan-compensated mean and sum of squares, as upstream.
        double count = 0, mean = 0, cMean = 0, aux = 0, cAux = 0;
        foreach (var p in f)
        {
            count++;
            double delta = p.F - (mean + cMean);
            mean = KahanSum.Inc(delta / count, mean, ref cMean);
            aux = KahanSum.Inc(delta * (p.F - (mean + cMean)), aux, ref cAux);
        }
        double variance = (aux + cAux) / count;
        OverTimeFunctions.Emit(helper, series, sqrt ? Math.Sqrt(variance) : variance, dropName: true);
    }

    private static void MadOverTime(IReadOnlyList<Vector> _, Matrix matrix, IReadOnlyList<Expr> args, EvalNodeHelper helper, Annotations annotations)
    {
        if (FloatSeries(matrix, args, annotations) is not { } series) return;
        var f = CollectionsMarshal.AsSpan(series.Floats);
        var values = FloatScratch.Of(helper).Rent(f.Length);
        bool hasNaN = false;
        for (int i = 0; i < f.Length; i++)
        {
            values[i] = f[i].F;
            hasNaN |= double.IsNaN(f[i].F);
        }
        // A NaN sample makes the result NaN rather than being sorted aside (upstream functions.test, 3.14).
        if (hasNaN)
        {
            OverTimeFunctions.Emit(helper, series, double.NaN, dropName: true);
            return;
        }
        double median = Quantiles.Of(0.5, values);
        for (int i = 0; i < f.Length; i++) values[i] = Math.Abs(f[i].F - median);
        OverTimeFunctions.Emit(helper, series, Quantiles.Of(0.5, values), dropName: true);
    }

    /// <summary>
    /// The one series when it has floats, else null; histograms in its range are ignored with upstream's
    /// info annotation (stddev/stdvar/mad_over_time).
    /// </summary>
    private static RangeSeries? FloatSeries(Matrix matrix, IReadOnlyList<Expr> args, Annotations annotations)
    {
        if (matrix.Count == 0 || matrix[0].Floats.Count == 0) return null;
        var series = matrix[0];
        if (series.Histograms is { Count: > 0 })
            annotations.Info(AnnotationTexts.HistogramIgnoredInMixedRange(FunctionArgs.MetricName(series.Metric)), FunctionArgs.Position(args, 0));
        return series;
    }
}
