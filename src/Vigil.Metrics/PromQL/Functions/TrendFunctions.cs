using System.Globalization;
using System.Runtime.InteropServices;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.PromQL.Functions;

/// <summary>
/// How a series moves within its window: changes, resets, deriv, predict_linear and double_exponential_smoothing
/// (holt_winters, its Prometheus 2 name, is an alias). Upstream: promql/functions.go.
/// </summary>
internal static class TrendFunctions
{
    public static void Register(Dictionary<string, FunctionCall> registry)
    {
        registry["changes"] = (_, m, args, h, a) => CountTransitions(m, args, h, resets: false);
        registry["resets"] = (_, m, args, h, a) => CountTransitions(m, args, h, resets: true);
        registry["deriv"] = Deriv;
        registry["predict_linear"] = PredictLinear;
        registry["double_exponential_smoothing"] = DoubleExponentialSmoothing;
        registry["holt_winters"] = DoubleExponentialSmoothing;
    }

    /// <summary>
    /// changes() counts value changes, resets() decreases, between consecutive samples (floats and histograms
    /// merged by time; a switch between the two counts as one). With an anchored selector the comparison starts
    /// at the last float sample at or before the window start (upstream's <c>pickFirstSampleIndex</c>).
    /// </summary>
    private static void CountTransitions(Matrix matrix, IReadOnlyList<Expr> args, EvalNodeHelper helper, bool resets)
    {
        if (matrix.Count == 0) return;
        var series = matrix[0];
        var floats = CollectionsMarshal.AsSpan(series.Floats);
        var histograms = series.Histograms is null ? default : CollectionsMarshal.AsSpan(series.Histograms);
        if (floats.Length == 0 && histograms.Length == 0) return;

        int firstIndex = 0;
        if (FunctionArgs.MatrixSelector(args)?.Selector.Anchored == true)
        {
            long rangeStart = helper.RangeStart;
            if (floats.Length == 0 || floats[^1].T <= rangeStart) return;
            int lo = 0, hi = floats.Length - 1;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (floats[mid].T > rangeStart) hi = mid; else lo = mid + 1;
            }
            firstIndex = Math.Max(0, lo - 1);
        }

        int count = 0;
        double prevF = 0, curF = 0;
        FloatHistogram? prevH = null, curH = null;
        for (int iF = firstIndex, iH = 0; iF < floats.Length || iH < histograms.Length;)
        {
            if (iH >= histograms.Length || (iF < floats.Length && floats[iF].T < histograms[iH].T))
            {
                curF = floats[iF].F;
                curH = null;
                iF++;
            }
            else if (iF >= floats.Length || (iH < histograms.Length && floats[iF].T > histograms[iH].T))
            {
                curH = histograms[iH].H;
                iH++;
            }
            else
            {
                // A float and a histogram at the same time cannot come from storage; upstream's loop does not advance.
                break;
            }
            if (iF + iH == 1 + firstIndex)
            {
                prevF = curF;
                prevH = curH;
                continue;
            }
            if (prevH is null && curH is null)
            {
                if (resets ? curF < prevF : curF != prevF && !(double.IsNaN(curF) && double.IsNaN(prevF))) count++;
            }
            else if (prevH is null || curH is null) count++;
            else if (resets ? HistogramResetDetected(curH, prevH) : !HistogramsEqual(curH, prevH)) count++;
            prevF = curF;
            prevH = curH;
        }
        OverTimeFunctions.Emit(helper, series, count, dropName: true);
    }

    /// <summary>Approximates <c>FloatHistogram.DetectReset</c> by the observation count (native histograms are their own issue).</summary>
    private static bool HistogramResetDetected(FloatHistogram cur, FloatHistogram prev) =>
        cur.CounterResetHint == CounterResetHint.CounterReset || cur.Count < prev.Count;

    private static bool HistogramsEqual(FloatHistogram a, FloatHistogram b) =>
        a.Schema == b.Schema && a.Count.Equals(b.Count) && a.Sum.Equals(b.Sum) && a.ZeroThreshold.Equals(b.ZeroThreshold)
        && a.ZeroCount.Equals(b.ZeroCount) && a.PositiveSpans.AsSpan().SequenceEqual(b.PositiveSpans)
        && a.PositiveBuckets.AsSpan().SequenceEqual(b.PositiveBuckets) && a.NegativeSpans.AsSpan().SequenceEqual(b.NegativeSpans)
        && a.NegativeBuckets.AsSpan().SequenceEqual(b.NegativeBuckets) && a.CustomValues.AsSpan().SequenceEqual(b.CustomValues);

    private static void Deriv(IReadOnlyList<Vector> _, Matrix matrix, IReadOnlyList<Expr> args, EvalNodeHelper helper, Annotations annotations)
    {
        if (matrix.Count == 0) return;
        var series = matrix[0];
        var f = CollectionsMarshal.AsSpan(series.Floats);
        if (!HasTwoFloats(series, args, annotations)) return;
        // Intercept at the first sample's time keeps the x values small (upstream issue 2674).
        var (slope, _) = LinearRegression(f, f[0].T);
        NoteIgnoredHistograms(series, args, annotations);
        OverTimeFunctions.Emit(helper, series, slope, dropName: true);
    }

    private static void PredictLinear(IReadOnlyList<Vector> vectorArgs, Matrix matrix, IReadOnlyList<Expr> args, EvalNodeHelper helper, Annotations annotations)
    {
        if (matrix.Count == 0 || FunctionArgs.Scalar(vectorArgs, args, 1) is not { } duration) return;
        var series = matrix[0];
        if (!HasTwoFloats(series, args, annotations)) return;
        var (slope, intercept) = LinearRegression(CollectionsMarshal.AsSpan(series.Floats), helper.Timestamp);
        NoteIgnoredHistograms(series, args, annotations);
        OverTimeFunctions.Emit(helper, series, slope * duration + intercept, dropName: true);
    }

    /// <summary>Fewer than two floats give no result; one float beside histograms is worth an info, as upstream.</summary>
    private static bool HasTwoFloats(RangeSeries series, IReadOnlyList<Expr> args, Annotations annotations)
    {
        if (series.Floats.Count >= 2) return true;
        if (series.Floats.Count == 1 && series.Histograms is { Count: > 0 })
            annotations.Info(AnnotationTexts.HistogramIgnoredInMixedRange(FunctionArgs.MetricName(series.Metric)), FunctionArgs.Position(args, 0));
        return false;
    }

    private static void NoteIgnoredHistograms(RangeSeries series, IReadOnlyList<Expr> args, Annotations annotations)
    {
        if (series.Histograms is { Count: > 0 })
            annotations.Info(AnnotationTexts.HistogramIgnoredInMixedRange(FunctionArgs.MetricName(series.Metric)), FunctionArgs.Position(args, 0));
    }

    /// <summary>Least-squares fit with Kahan-compensated sums; x in seconds relative to <paramref name="interceptTime"/>.</summary>
    internal static (double Slope, double Intercept) LinearRegression(ReadOnlySpan<FPoint> samples, long interceptTime)
    {
        double n = 0, sumX = 0, cX = 0, sumY = 0, cY = 0, sumXY = 0, cXY = 0, sumX2 = 0, cX2 = 0;
        double initY = samples[0].F;
        bool constY = true;
        for (int i = 0; i < samples.Length; i++)
        {
            var s = samples[i];
            if (constY && i > 0 && s.F != initY) constY = false;
            n += 1;
            double x = (s.T - interceptTime) / 1e3;
            sumX = KahanSum.Inc(x, sumX, ref cX);
            sumY = KahanSum.Inc(s.F, sumY, ref cY);
            sumXY = KahanSum.Inc(x * s.F, sumXY, ref cXY);
            sumX2 = KahanSum.Inc(x * x, sumX2, ref cX2);
        }
        // A constant series has slope 0 exactly (avoids rounding noise), unless it is infinite.
        if (constY) return double.IsInfinity(initY) ? (double.NaN, double.NaN) : (0, initY);
        sumX += cX;
        sumY += cY;
        sumXY += cXY;
        sumX2 += cX2;
        double covXY = sumXY - sumX * sumY / n;
        double varX = sumX2 - sumX * sumX / n;
        double slope = covXY / varX;
        return (slope, sumY / n - slope * sumX / n);
    }

    private static void DoubleExponentialSmoothing(IReadOnlyList<Vector> vectorArgs, Matrix matrix, IReadOnlyList<Expr> args, EvalNodeHelper helper, Annotations annotations)
    {
        if (matrix.Count == 0 || FunctionArgs.Scalar(vectorArgs, args, 1) is not { } sf || FunctionArgs.Scalar(vectorArgs, args, 2) is not { } tf) return;
        var series = matrix[0];
        if (sf <= 0 || sf >= 1)
            throw new FunctionEvalException("invalid smoothing factor. Expected: 0 < sf < 1, got: " + GoFixed6(sf));
        if (tf <= 0 || tf >= 1)
            throw new FunctionEvalException("invalid trend factor. Expected: 0 < tf < 1, got: " + GoFixed6(tf));
        var f = CollectionsMarshal.AsSpan(series.Floats);
        if (!HasTwoFloats(series, args, annotations)) return;

        double s0 = 0, s1 = f[0].F, b = f[1].F - f[0].F;
        for (int i = 1; i < f.Length; i++)
        {
            double x = sf * f[i].F;
            // The trend: for the first step the initial slope, then smoothed between the last two levels.
            if (i > 1) b = tf * (s1 - s0) + (1 - tf) * b;
            double y = (1 - sf) * (s1 + b);
            s0 = s1;
            s1 = x + y;
        }
        NoteIgnoredHistograms(series, args, annotations);
        OverTimeFunctions.Emit(helper, series, s1, dropName: true);
    }

    /// <summary>Go's <c>%f</c>: six decimals, infinities as <c>+Inf</c>/<c>-Inf</c>.</summary>
    private static string GoFixed6(double v) =>
        double.IsPositiveInfinity(v) ? "+Inf" : double.IsNegativeInfinity(v) ? "-Inf" : v.ToString("F6", CultureInfo.InvariantCulture);
}
