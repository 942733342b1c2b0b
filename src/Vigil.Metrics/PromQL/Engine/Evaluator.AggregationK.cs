using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.PromQL.Engine;

internal sealed partial class Evaluator
{
    /// <summary>
    /// topk, bottomk, limitk and limit_ratio at one step (upstream aggregationK). Keeps input labels. For an
    /// instant query returns the selected samples in result order (topk descending, bottomk ascending);
    /// for a range query adds them to <paramref name="kSeries"/> and returns null.
    /// </summary>
    private Matrix? AggregateK(AggregateExpr e, double p, Matrix input, bool[] present, double[] values, int[] seriesGroup,
        Group[] groups, long ts, Dictionary<Labels, RangeSeries> kSeries, int numSteps)
    {
        var op = e.Op;
        int groupsRemaining = groups.Length;
        for (int i = 0; i < groups.Length; i++) groups[i].Seen = false;

        long k = 0;
        double r = 0;
        for (int si = 0; si < input.Count; si++)
        {
            if (!present[si]) continue;
            var s = new Sample(input[si].Metric, ts, values[si]) { DropName = input[si].DropName };
            switch (op)
            {
                case AggregationOp.TopK or AggregationOp.BottomK or AggregationOp.LimitK:
                    k = Math.Min((long)p, input.Count);
                    if (k < 1) return IsInstant ? [] : null;
                    break;
                case AggregationOp.LimitRatio:
                    if (p == 0) return IsInstant ? [] : null;
                    r = p < -1.0 ? -1.0 : p > 1.0 ? 1.0 : p;
                    break;
            }

            ref var g = ref groups[seriesGroup[si]];
            if (!g.Seen)
            {
                var heap = g.Heap ?? [];
                heap.Clear();
                g = new Group { Seen = true, Heap = heap };
                if (op == AggregationOp.LimitRatio)
                {
                    if (RatioSampler.Add(r, s.Metric)) SampleHeap.Push(heap, s, SampleHeap.ByValue);
                }
                else heap.Add(s);
                // A group that is already complete counts towards limitk's early exit below.
                if (op == AggregationOp.LimitK && k == 1)
                {
                    g.Complete = true;
                    if (--groupsRemaining == 0) break;
                }
                continue;
            }

            var h = g.Heap!;
            switch (op)
            {
                case AggregationOp.TopK:
                    if (h.Count < k) SampleHeap.Push(h, s, SampleHeap.ByValue);
                    else if (h[0].F < s.F || (double.IsNaN(h[0].F) && !double.IsNaN(s.F)))
                    {
                        h[0] = s;
                        if (k > 1) SampleHeap.Fix(h, 0, SampleHeap.ByValue);
                    }
                    break;
                case AggregationOp.BottomK:
                    if (h.Count < k) SampleHeap.Push(h, s, SampleHeap.ByReverseValue);
                    else if (h[0].F > s.F || (double.IsNaN(h[0].F) && !double.IsNaN(s.F)))
                    {
                        h[0] = s;
                        if (k > 1) SampleHeap.Fix(h, 0, SampleHeap.ByReverseValue);
                    }
                    break;
                case AggregationOp.LimitK:
                    if (h.Count < k) SampleHeap.Push(h, s, SampleHeap.ByValue);
                    if (!g.Complete && h.Count == k)
                    {
                        g.Complete = true;
                        if (--groupsRemaining == 0) goto collected;
                    }
                    break;
                case AggregationOp.LimitRatio:
                    if (RatioSampler.Add(r, s.Metric)) SampleHeap.Push(h, s, SampleHeap.ByValue);
                    break;
            }
        }
    collected:

        Matrix? mat = IsInstant ? new Matrix(groups.Length) : null;
        for (int gi = 0; gi < groups.Length; gi++)
        {
            ref var g = ref groups[gi];
            if (!g.Seen) continue;
            var h = g.Heap!;
            if (op == AggregationOp.TopK && h.Count > 1) SampleHeap.SortDescending(h, SampleHeap.ByValue);
            else if (op == AggregationOp.BottomK && h.Count > 1) SampleHeap.SortDescending(h, SampleHeap.ByReverseValue);
            foreach (var v in h)
            {
                if (mat is not null)
                {
                    mat.Add(new RangeSeries(v.Metric) { Floats = [new FPoint(ts, v.F)], DropName = v.DropName });
                    continue;
                }
                if (!kSeries.TryGetValue(v.Metric, out var series))
                {
                    series = new RangeSeries(v.Metric) { Floats = new List<FPoint>(Math.Min(numSteps, 5000)), DropName = v.DropName };
                    kSeries[v.Metric] = series;
                }
                series.Floats.Add(new FPoint(ts, v.F));
            }
        }
        return mat;
    }
}
