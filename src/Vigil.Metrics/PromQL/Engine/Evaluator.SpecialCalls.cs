using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Functions;
using Vigil.Metrics.PromQL.Values;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.PromQL.Engine;

/// <summary>Functions upstream special-cases in the engine: absent_over_time, timestamp() of a selector, label_replace and label_join.</summary>
internal sealed partial class Evaluator
{
    /// <summary>
    /// absent_over_time: one series (labels from the selector's equality matchers) with 1 at every step where
    /// no input series had a point (upstream's post-processing in the matrix branch).
    /// </summary>
    private Matrix AbsentOverTime(Matrix mat, Expr? arg)
    {
        int steps = NumSteps;
        foreach (var s in mat)
            if (s.Floats.Count == steps) return [];
        var found = new HashSet<long>();
        for (int i = 0; i < mat.Count; i++)
        {
            foreach (var p in mat[i].Floats) found.Add(p.T);
            if (i > 0 && found.Count == steps) return [];
        }
        var points = new List<FPoint>(steps - found.Count);
        for (long ts = _start; ts <= _end; ts += _interval)
            if (!found.Contains(ts)) points.Add(new FPoint(ts, 1));
        return [new RangeSeries(arg is null ? Labels.Empty : AbsentFunctions.LabelsFor(arg)) { Floats = points, DropName = true }];
    }

    /// <summary>
    /// timestamp() of a plain selector (upstream rangeEvalTimestampFunctionOverVectorSelector): the function
    /// gets each visible sample with its own time, not the step time. With @, every step reads at the @ time.
    /// </summary>
    private Matrix EvalTimestampOverSelector(VectorSelector vs, FunctionCall fn, Expr[] args)
    {
        var all = _ctx.SeriesFor(vs);
        var cursors = new LookbackCursor[all.Count];
        for (int i = 0; i < all.Count; i++)
        {
            cursors[i] = new LookbackCursor();
            cursors[i].Reset(all[i].Iterator());
        }
        var helper = NewHelper();
        var input = new Vector(all.Count);
        var vectors = new[] { input };
        long lookback = _ctx.LookbackMs;
        return RangeEval(null, (_, _, ts) =>
        {
            // With @, upstream sets the offset to ts − @ each step, so the read time is exactly the @ time.
            long refTime = vs.AtMs is { } at ? at : ts - vs.OffsetMs;
            input.Clear();
            for (int i = 0; i < all.Count; i++)
            {
                // The store keeps float samples only; a native histogram's time would be read the same way.
                if (!cursors[i].TryGet(refTime, lookback, out long t, out double f)) continue;
                input.Add(new Sample(all[i].Labels, t, f));
                _ctx.AddSamples(1);
                _ctx.TotalSamples++;
            }
            _ctx.UpdatePeak();
            helper.Timestamp = ts;
            helper.Output.Clear();
            Invoke(fn, vectors, EmptyMatrix, args, helper);
            return helper.Output;
        });
    }

    /// <summary>
    /// label_replace and label_join change series, not samples (upstream evalLabelReplace/evalLabelJoin):
    /// the argument is evaluated over all steps and the function is called once per series to relabel it.
    /// </summary>
    private Matrix EvalLabelFunction(string name, FunctionCall fn, Expr[] args)
    {
        var helper = NewHelper();
        helper.Timestamp = _start;
        var one = new Vector(1);
        var vectors = new Vector[args.Length];
        vectors[0] = one;
        for (int i = 1; i < args.Length; i++) vectors[i] = [];
        // One call on an empty vector validates the string arguments even when nothing matches, as upstream
        // checks them before evaluating.
        helper.Output.Clear();
        Invoke(fn, vectors, EmptyMatrix, args, helper);

        var mat = Eval(args[0]);
        bool setsName = args.Length > 1 && args[1] is StringLiteral { Value: Labels.MetricName };
        foreach (var series in mat)
        {
            one.Clear();
            one.Add(new Sample(series.Metric, _start, 0) { DropName = series.DropName });
            helper.Output.Clear();
            Invoke(fn, vectors, EmptyMatrix, args, helper);
            if (helper.Output.Count == 0) continue;
            series.Metric = helper.Output[0].Metric;
            // Setting __name__ explicitly keeps it, whatever happened to the input.
            series.DropName = !setsName && series.DropName;
        }
        // Series that now share labels are merged when their points do not overlap (an error when they do).
        return ResultCleanup.MergeSameLabels(mat);
    }
}
