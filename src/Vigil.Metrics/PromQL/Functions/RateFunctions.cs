using System.Runtime.InteropServices;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.PromQL.Functions;

/// <summary>
/// rate, increase, delta (extrapolated over the window, counter resets corrected), their anchored/smoothed
/// forms for extended range selectors, and irate/idelta from the last two samples. Upstream:
/// promql/functions.go (<c>extrapolatedRate</c>, <c>extendedRate</c>, <c>instantValue</c>).
/// Native histogram rates need histogram arithmetic (its own issue): such series give no result for now.
/// </summary>
internal static class RateFunctions
{
    public static void Register(Dictionary<string, FunctionCall> registry)
    {
        registry["rate"] = (_, m, args, h, a) => ExtrapolatedRate(m, args, h, a, isCounter: true, isRate: true);
        registry["increase"] = (_, m, args, h, a) => ExtrapolatedRate(m, args, h, a, isCounter: true, isRate: false);
        registry["delta"] = (_, m, args, h, a) => ExtrapolatedRate(m, args, h, a, isCounter: false, isRate: false);
        registry["irate"] = (_, m, args, h, a) => InstantValue(m, args, h, a, isRate: true);
        registry["idelta"] = (_, m, args, h, a) => InstantValue(m, args, h, a, isRate: false);
    }

    private static void ExtrapolatedRate(Matrix matrix, IReadOnlyList<Expr> args, EvalNodeHelper helper, Annotations annotations, bool isCounter, bool isRate)
    {
        if (matrix.Count == 0) return;
        var series = matrix[0];
        var selector = FunctionArgs.MatrixSelector(args)?.Selector;
        if (selector is not null && (selector.Anchored || selector.Smoothed))
        {
            ExtendedRate(series, helper, isCounter, isRate, selector.Smoothed);
            return;
        }

        int histogramCount = series.Histograms?.Count ?? 0;
        var floats = CollectionsMarshal.AsSpan(series.Floats);
        if (histogramCount > 0 && floats.Length > 0)
        {
            annotations.Warn(AnnotationTexts.MixedFloatsHistograms(FunctionArgs.MetricName(series.Metric)), FunctionArgs.Position(args, 0));
            return;
        }
        // Native histogram rates need histogram arithmetic; a single sample cannot be extrapolated.
        if (floats.Length < 2) return;

        long rangeStart = helper.RangeStart, rangeEnd = helper.RangeEnd;
        int samplesMinusOne = floats.Length - 1;
        long firstT = floats[0].T, lastT = floats[samplesMinusOne].T;
        double result = floats[samplesMinusOne].F - floats[0].F;
        if (isCounter)
        {
            // Each drop is a counter reset: the value before it was lost from the difference.
            for (int i = 1; i < floats.Length; i++)
                if (floats[i].F < floats[i - 1].F) result += floats[i - 1].F;
        }

        double durationToStart = (firstT - rangeStart) / 1000.0;
        double durationToEnd = (rangeEnd - lastT) / 1000.0;
        double sampledInterval = (lastT - firstT) / 1000.0;
        double averageDurationBetweenSamples = sampledInterval / samplesMinusOne;

        // Extrapolate to a boundary only when a sample is within 110% of the average spacing from it;
        // otherwise assume the series starts/ends there and extend by half an interval.
        double extrapolationThreshold = averageDurationBetweenSamples * 1.1;
        if (durationToStart >= extrapolationThreshold) durationToStart = averageDurationBetweenSamples / 2;
        if (isCounter && result > 0 && floats[0].F >= 0)
        {
            // A counter cannot go below zero: do not extrapolate past the point where it would reach it.
            double durationToZero = sampledInterval * (floats[0].F / result);
            if (durationToZero < durationToStart) durationToStart = durationToZero;
        }
        if (durationToEnd >= extrapolationThreshold) durationToEnd = averageDurationBetweenSamples / 2;

        double factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
        if (isRate) factor /= (rangeEnd - rangeStart) / 1000.0;
        Emit(helper, series, result * factor);
    }

    /// <summary>
    /// Anchored and smoothed windows (extended range selectors): the engine includes the sample at or before the
    /// window start (and, smoothed, the one after its end); the value at each boundary is that sample's
    /// (anchored) or interpolated between the samples around it (smoothed), without extrapolation.
    /// </summary>
    private static void ExtendedRate(RangeSeries series, EvalNodeHelper helper, bool isCounter, bool isRate, bool smoothed)
    {
        var f = CollectionsMarshal.AsSpan(series.Floats);
        if (f.Length == 0) return;
        long rangeStart = helper.RangeStart, rangeEnd = helper.RangeEnd;
        int last = f.Length - 1;
        int first = Math.Max(0, SearchAfter(f, last, rangeStart) - 1);
        if (smoothed) last = SearchAtOrAfter(f, last, rangeEnd);
        // Data only before the window, or (smoothed) only after it, gives no result.
        if (f[last].T <= rangeStart || (smoothed && f[first].T > rangeEnd)) return;

        double left = smoothed && f[first].T < rangeStart ? Interpolate(f[first], f[first + 1], rangeStart, isCounter) : f[first].F;
        double right = smoothed && last > 0 && f[last].T > rangeEnd ? Interpolate(f[last - 1], f[last], rangeEnd, isCounter) : f[last].F;
        double result = right - left;
        if (isCounter)
        {
            // Resets at the boundaries are already in left/right; correct only for samples strictly inside.
            if (f[first].T <= rangeStart) first++;
            if (f[last].T >= rangeEnd) last--;
            double correction = 0, prev = left;
            for (int i = first; i <= last; i++)
            {
                if (f[i].F < prev) correction += prev;
                prev = f[i].F;
            }
            if (right < prev) correction += prev;
            result += correction;
        }
        if (isRate) result /= (rangeEnd - rangeStart) / 1000.0;
        Emit(helper, series, result);
    }

    /// <summary>Linear interpolation at <paramref name="t"/>; for counters a drop means the counter restarted from 0.</summary>
    private static double Interpolate(FPoint p1, FPoint p2, long t, bool isCounter)
    {
        double y1 = p1.F, y2 = p2.F;
        if (isCounter && y2 < y1) y1 = 0;
        return y1 + (y2 - y1) * (t - p1.T) / (p2.T - p1.T);
    }

    /// <summary>Go's <c>sort.Search(n, f[i].T &gt; t)</c>: first index in [0, n) whose time is after t, or n.</summary>
    private static int SearchAfter(ReadOnlySpan<FPoint> f, int n, long t)
    {
        int lo = 0, hi = n;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (f[mid].T > t) hi = mid; else lo = mid + 1;
        }
        return lo;
    }

    private static int SearchAtOrAfter(ReadOnlySpan<FPoint> f, int n, long t)
    {
        int lo = 0, hi = n;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (f[mid].T >= t) hi = mid; else lo = mid + 1;
        }
        return lo;
    }

    private static void InstantValue(Matrix matrix, IReadOnlyList<Expr> args, EvalNodeHelper helper, Annotations annotations, bool isRate)
    {
        if (matrix.Count == 0) return;
        var series = matrix[0];
        var floats = CollectionsMarshal.AsSpan(series.Floats);
        var histograms = series.Histograms is null ? default : CollectionsMarshal.AsSpan(series.Histograms);
        if (floats.Length + histograms.Length < 2) return;

        // The last two samples by time, floats and histograms merged as upstream does.
        Span<(long T, double F, bool IsHistogram)> ss = stackalloc (long, double, bool)[2];
        int n = 0;
        for (int i = Math.Max(0, floats.Length - 2); i < floats.Length; i++) ss[n++] = (floats[i].T, floats[i].F, false);
        for (int i = Math.Max(0, histograms.Length - 2); i < histograms.Length; i++)
        {
            var s = (histograms[i].T, 0.0, true);
            if (n == 0) ss[n++] = s;
            else if (n == 1)
            {
                if (s.T < ss[0].T) { ss[1] = ss[0]; ss[0] = s; } else ss[1] = s;
                n = 2;
            }
            else if (s.T < ss[0].T) { /* older than both: discard */ }
            else if (s.T > ss[1].T) { ss[0] = ss[1]; ss[1] = s; }
            else ss[0] = s;
        }

        long sampledInterval = ss[1].T - ss[0].T;
        if (sampledInterval == 0) return;
        if (ss[0].IsHistogram != ss[1].IsHistogram)
        {
            annotations.Warn(AnnotationTexts.MixedFloatsHistograms(FunctionArgs.MetricName(series.Metric)), FunctionArgs.AllPosition(args));
            return;
        }
        // Native histogram differences need histogram arithmetic (native histogram issue).
        if (ss[1].IsHistogram) return;

        double result = ss[1].F;
        // Gauge, or counter without reset (or with NaN): the difference; after a reset the last value itself.
        if (!isRate || !(ss[1].F < ss[0].F)) result = ss[1].F - ss[0].F;
        if (isRate) result /= sampledInterval / 1000.0;
        Emit(helper, series, result);
    }

    private static void Emit(EvalNodeHelper helper, RangeSeries series, double value) =>
        helper.Output.Add(new Sample(series.Metric, helper.Timestamp, value) { DropName = true });
}
