using System.Runtime.InteropServices;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.PromQL.Functions;

/// <summary>
/// The <c>*_over_time</c> aggregations of one series' window: avg, sum, count, min, max, last, first, present,
/// ts_of_min/max/first/last. Upstream: promql/functions.go (<c>funcAvgOverTime</c>, <c>compareOverTime</c>, ...).
/// Every result drops the metric name except last_over_time and first_over_time, which act like an offset
/// (upstream engine.go decides this; here the function sets <see cref="Sample.DropName"/>).
/// Native histogram windows give no result for avg/sum (histogram arithmetic is its own issue).
/// </summary>
internal static class OverTimeFunctions
{
    public static void Register(Dictionary<string, FunctionCall> registry)
    {
        registry["avg_over_time"] = AvgOverTime;
        registry["sum_over_time"] = SumOverTime;
        registry["count_over_time"] = CountOverTime;
        registry["present_over_time"] = PresentOverTime;
        registry["max_over_time"] = (_, m, args, h, a) => CompareOverTime(m, args, h, a, static (cur, best) => cur > best || double.IsNaN(best), returnTimestamp: false);
        registry["min_over_time"] = (_, m, args, h, a) => CompareOverTime(m, args, h, a, static (cur, best) => cur < best || double.IsNaN(best), returnTimestamp: false);
        registry["ts_of_max_over_time"] = (_, m, args, h, a) => CompareOverTime(m, args, h, a, static (cur, best) => cur >= best || double.IsNaN(best), returnTimestamp: true);
        registry["ts_of_min_over_time"] = (_, m, args, h, a) => CompareOverTime(m, args, h, a, static (cur, best) => cur <= best || double.IsNaN(best), returnTimestamp: true);
        registry["last_over_time"] = LastOverTime;
        registry["first_over_time"] = FirstOverTime;
        registry["ts_of_last_over_time"] = TsOfLastOverTime;
        registry["ts_of_first_over_time"] = TsOfFirstOverTime;
    }

    private static void AvgOverTime(IReadOnlyList<Vector> _, Matrix matrix, IReadOnlyList<Expr> args, EvalNodeHelper helper, Annotations annotations)
    {
        if (FloatsOnly(matrix, args, annotations) is not { } series) return;
        var f = CollectionsMarshal.AsSpan(series.Floats);

        // Direct mean with Kahan summation while the sum stays finite (more accurate, upstream issue 16714);
        // switch to an incremental mean once it would overflow.
        double sum = f[0].F, count = 1, mean = 0, c = 0;
        bool incremental = false;
        for (int i = 1; i < f.Length; i++)
        {
            count = i + 1;
            if (!incremental)
            {
                double newC = c;
                double newSum = KahanSum.Inc(f[i].F, sum, ref newC);
                if (!double.IsInfinity(newSum))
                {
                    sum = newSum;
                    c = newC;
                    continue;
                }
                incremental = true;
                mean = sum / (count - 1);
                c /= count - 1;
            }
            double q = (count - 1) / count;
            double scaledC = q * c;
            mean = KahanSum.Inc(f[i].F / count, q * mean, ref scaledC);
            c = scaledC;
        }
        Emit(helper, series, incremental ? mean + c : sum / count + c / count, dropName: true);
    }

    private static void SumOverTime(IReadOnlyList<Vector> _, Matrix matrix, IReadOnlyList<Expr> args, EvalNodeHelper helper, Annotations annotations)
    {
        if (FloatsOnly(matrix, args, annotations) is not { } series) return;
        var f = CollectionsMarshal.AsSpan(series.Floats);
        double sum = 0, c = 0;
        foreach (var p in f) sum = KahanSum.Inc(p.F, sum, ref c);
        Emit(helper, series, double.IsInfinity(sum) ? sum : sum + c, dropName: true);
    }

    private static void CountOverTime(IReadOnlyList<Vector> _, Matrix matrix, IReadOnlyList<Expr> args, EvalNodeHelper helper, Annotations annotations)
    {
        if (matrix.Count == 0) return;
        var series = matrix[0];
        Emit(helper, series, series.Floats.Count + (series.Histograms?.Count ?? 0), dropName: true);
    }

    private static void PresentOverTime(IReadOnlyList<Vector> _, Matrix matrix, IReadOnlyList<Expr> args, EvalNodeHelper helper, Annotations annotations)
    {
        if (matrix.Count == 0) return;
        Emit(helper, matrix[0], 1, dropName: true);
    }

    private static void CompareOverTime(Matrix matrix, IReadOnlyList<Expr> args, EvalNodeHelper helper, Annotations annotations,
        Func<double, double, bool> replaces, bool returnTimestamp)
    {
        if (matrix.Count == 0) return;
        var series = matrix[0];
        var f = CollectionsMarshal.AsSpan(series.Floats);
        if (f.Length == 0) return;
        if (series.Histograms is { Count: > 0 })
            annotations.Info(AnnotationTexts.HistogramIgnoredInMixedRange(FunctionArgs.MetricName(series.Metric)), FunctionArgs.Position(args, 0));
        double best = f[0].F;
        long bestT = f[0].T;
        foreach (var p in f)
        {
            if (replaces(p.F, best))
            {
                best = p.F;
                bestT = p.T;
            }
        }
        Emit(helper, series, returnTimestamp ? bestT / 1000.0 : best, dropName: true);
    }

    private static void LastOverTime(IReadOnlyList<Vector> _, Matrix matrix, IReadOnlyList<Expr> args, EvalNodeHelper helper, Annotations annotations)
    {
        if (matrix.Count == 0) return;
        var series = matrix[0];
        bool hasFloat = series.Floats.Count > 0;
        HPoint? h = series.Histograms is { Count: > 0 } hs ? hs[^1] : null;
        if (h is null || (hasFloat && h.Value.T < series.Floats[^1].T))
        {
            if (!hasFloat) return;
            Emit(helper, series, series.Floats[^1].F, dropName: false);
        }
        else EmitHistogram(helper, series, h.Value.H);
    }

    private static void FirstOverTime(IReadOnlyList<Vector> _, Matrix matrix, IReadOnlyList<Expr> args, EvalNodeHelper helper, Annotations annotations)
    {
        if (matrix.Count == 0) return;
        var series = matrix[0];
        bool hasFloat = series.Floats.Count > 0;
        HPoint? h = series.Histograms is { Count: > 0 } hs ? hs[0] : null;
        if (h is null || (hasFloat && series.Floats[0].T < h.Value.T))
        {
            if (!hasFloat) return;
            Emit(helper, series, series.Floats[0].F, dropName: false);
        }
        else EmitHistogram(helper, series, h.Value.H);
    }

    private static void TsOfLastOverTime(IReadOnlyList<Vector> _, Matrix matrix, IReadOnlyList<Expr> args, EvalNodeHelper helper, Annotations annotations)
    {
        if (matrix.Count == 0) return;
        var series = matrix[0];
        long tf = series.Floats.Count > 0 ? series.Floats[^1].T : 0;
        long th = series.Histograms is { Count: > 0 } hs ? hs[^1].T : 0;
        Emit(helper, series, Math.Max(tf, th) / 1000.0, dropName: true);
    }

    private static void TsOfFirstOverTime(IReadOnlyList<Vector> _, Matrix matrix, IReadOnlyList<Expr> args, EvalNodeHelper helper, Annotations annotations)
    {
        if (matrix.Count == 0) return;
        var series = matrix[0];
        long tf = series.Floats.Count > 0 ? series.Floats[0].T : long.MaxValue;
        long th = series.Histograms is { Count: > 0 } hs ? hs[0].T : long.MaxValue;
        Emit(helper, series, Math.Min(tf, th) / 1000.0, dropName: true);
    }

    /// <summary>Appends the result for <paramref name="series"/>; a name already marked for dropping stays marked.</summary>
    /// <summary>
    /// The one series of avg_over_time / sum_over_time when it has floats and no histograms; null otherwise,
    /// with upstream's warning when the range mixes both (then nothing is emitted).
    /// </summary>
    private static RangeSeries? FloatsOnly(Matrix matrix, IReadOnlyList<Expr> args, Annotations annotations)
    {
        if (matrix.Count == 0) return null;
        var series = matrix[0];
        if (series.Floats.Count > 0 && series.Histograms is { Count: > 0 })
        {
            annotations.Warn(AnnotationTexts.MixedFloatsHistograms(FunctionArgs.MetricName(series.Metric)), FunctionArgs.Position(args, 0));
            return null;
        }
        return series.Floats.Count == 0 ? null : series;
    }

    internal static void Emit(EvalNodeHelper helper, RangeSeries series, double value, bool dropName) =>
        helper.Output.Add(new Sample(series.Metric, helper.Timestamp, value) { DropName = dropName || series.DropName });

    private static void EmitHistogram(EvalNodeHelper helper, RangeSeries series, FloatHistogram h) =>
        helper.Output.Add(new Sample(series.Metric, helper.Timestamp, 0) { H = h, DropName = series.DropName });
}
