using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Values;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.PromQL.Engine;

internal sealed partial class Evaluator
{
    /// <summary>
    /// An instant vector selector over all steps (upstream evalSeries): per series, per step, the latest
    /// sample within the lookback window (reference − lookback, reference], unless it is a staleness marker.
    /// Series are read one at a time through one reused cursor and iterator.
    /// </summary>
    private Matrix EvalVectorSelector(VectorSelector vs)
    {
        if (vs.Smoothed) return EvalSmoothedSelector(vs, _ctx.SeriesFor(vs));
        var mat = new Matrix();
        SelectorSeries(vs, mat.Add, reusePoints: false);
        return mat;
    }

    /// <summary>
    /// Produces the selector's series one by one. With <paramref name="reusePoints"/> every series is handed
    /// over in the same point list (streaming; its samples are given back after the sink returns).
    /// </summary>
    private void SelectorSeries(VectorSelector vs, SeriesSink sink, bool reusePoints)
    {
        var all = _ctx.SeriesFor(vs);
        int numSteps = NumSteps;
        long offset = vs.OffsetMs;
        long lookback = _ctx.LookbackMs;
        var cursor = new LookbackCursor();
        SampleIterator? it = null;
        List<FPoint>? shared = reusePoints ? _ctx.Points.Rent(numSteps) : null;
        var streamed = reusePoints ? new RangeSeries(Labels.Empty) : null;
        foreach (var series in all)
        {
            _ctx.CheckCancelled();
            it = series.Iterator(it);
            cursor.Reset(it);
            List<FPoint>? points = shared;
            points?.Clear();
            for (long ts = _start; ts <= _end; ts += _interval)
            {
                if (!cursor.TryGet(ts - offset, lookback, out _, out double f)) continue;
                _ctx.AddSamples(1);
                _ctx.TotalSamples++;
                points ??= _ctx.Points.Rent(numSteps);
                points.Add(new FPoint(ts, f));
            }
            _ctx.UpdatePeak();
            if (points is null || points.Count == 0)
            {
                if (points is not null && shared is null) _ctx.Points.Return(points);
                continue;
            }
            if (streamed is null)
            {
                sink(new RangeSeries(series.Labels) { Floats = points });
                continue;
            }
            streamed.Metric = series.Labels;
            streamed.Floats = points;
            sink(streamed);
            _ctx.CurrentSamples -= points.Count;
        }
    }

    /// <summary>
    /// A <c>smoothed</c> instant selector (upstream smoothSeries): the value at each step is interpolated
    /// linearly between the samples around it within the lookback on either side; after the last sample
    /// the last value is carried forward; before the first there is none.
    /// </summary>
    private Matrix EvalSmoothedSelector(VectorSelector vs, List<Series> all)
    {
        long lookback = _ctx.LookbackMs;
        long offset = vs.OffsetMs;
        var mat = new Matrix(all.Count);
        var window = new WindowBuffer();
        SampleIterator? it = null;
        foreach (var series in all)
        {
            _ctx.CheckCancelled();
            it = series.Iterator(it);
            window.Reset(it);
            var ss = new RangeSeries(series.Labels);
            for (long ts = _start - offset; ts <= _end - offset; ts += _interval)
            {
                window.Fill(ts - lookback, ts + lookback, _ctx);
                var floats = window.Points;
                if (floats.Count == 0) continue;
                int i = FirstAtOrAfter(floats, ts);
                if (i < floats.Count && floats[i].T == ts) ss.Floats.Add(new FPoint(ts + offset, floats[i].F));
                else if (i > 0 && i < floats.Count) ss.Floats.Add(new FPoint(ts + offset, Interpolate(floats[i - 1], floats[i], ts)));
                else if (i > 0) ss.Floats.Add(new FPoint(ts + offset, floats[i - 1].F));
            }
            window.Release(_ctx);
            // Upstream keeps even an empty series here; an empty one contributes nothing downstream.
            if (ss.Floats.Count > 0) mat.Add(ss);
        }
        return mat;
    }

    /// <summary>Index of the first point with T ≥ t (binary search).</summary>
    private static int FirstAtOrAfter(List<FPoint> points, long t)
    {
        int lo = 0, hi = points.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (points[mid].T < t) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Linear interpolation between two points at time t (upstream interpolate, non-counter).</summary>
    private static double Interpolate(FPoint p1, FPoint p2, long t) =>
        p1.F + (p2.F - p1.F) * (t - p1.T) / (p2.T - p1.T);

    /// <summary>
    /// A range selector evaluated for an instant query (upstream matrixSelector): each series' points in
    /// (t − offset − range, t − offset]; <c>anchored</c> and <c>smoothed</c> selectors extend the window by the
    /// lookback and pin points to its boundaries.
    /// </summary>
    private Matrix EvalMatrixSelector(MatrixSelector ms)
    {
        var vs = ms.Selector;
        long lookback = _ctx.LookbackMs;
        long maxt = _start - vs.OffsetMs;
        long mint = maxt - ms.RangeMs;
        long windowMint = mint, windowMaxt = maxt;
        if (vs.Anchored) windowMint -= lookback;
        else if (vs.Smoothed)
        {
            windowMint -= lookback;
            windowMaxt += lookback;
        }
        var all = _ctx.SeriesFor(vs);
        var mat = new Matrix(all.Count);
        var window = new WindowBuffer();
        SampleIterator? it = null;
        foreach (var series in all)
        {
            _ctx.CheckCancelled();
            it = series.Iterator(it);
            window.Reset(it);
            window.Fill(windowMint, windowMaxt, _ctx);
            _ctx.TotalSamples += window.Points.Count;
            List<FPoint> points = vs.Anchored || vs.Smoothed
                ? ExtendedWindow.Extend(window.Points, mint, maxt, vs.Smoothed)
                : [.. window.Points];
            // The copy now holds the samples; the window's own count is given back.
            _ctx.CurrentSamples += points.Count;
            window.Release(_ctx);
            if (points.Count > 0) mat.Add(new RangeSeries(series.Labels) { Floats = points });
        }
        _ctx.UpdatePeak();
        return mat;
    }
}
