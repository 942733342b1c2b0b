using Vigil.Metrics.GoText;
using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Functions;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.PromQL.Engine;

internal sealed partial class Evaluator
{
    /// <summary>Running state of one output group at one step (upstream groupedAggregation, float part).</summary>
    private struct Group
    {
        public double Value;
        public double Mean;
        public double KahanC;
        public double Count;
        public List<Sample>? Heap;
        public bool Seen;
        public bool IncrementalMean;
        public bool Complete;
        public bool DropName;
    }

    private Matrix EvalAggregate(AggregateExpr e)
    {
        var grouping = new List<string>(e.Grouping);
        grouping.Sort(StringComparer.Ordinal);

        if (e.Op == AggregationOp.CountValues)
        {
            var labelParam = e.Param is null ? null : QueryPreparer.Unwrap(e.Param) as StringLiteral;
            string valueLabel = labelParam?.Value ?? "";
            if (!LabelValidation.IsValidLabelName(valueLabel))
                throw QueryEvaluationException.Execution($"invalid label name {GoQuote.Quote(valueLabel)}");
            if (!e.Without)
            {
                grouping.Add(valueLabel);
                grouping.Sort(StringComparer.Ordinal);
            }
            var state = new CountValuesState(grouping, e.Without, valueLabel);
            return RangeEval(null, (inputs, _, ts) => state.Step(inputs[0], ts), e.Inner);
        }

        int originalSamples = _ctx.CurrentSamples;
        if (e.Param is null && IsStreamable(e.Op) && CanStream(e.Inner))
        {
            var streamed = StreamAggregate(e, grouping);
            _ctx.CurrentSamples = originalSamples + TotalPoints(streamed);
            _ctx.UpdatePeak();
            return streamed;
        }
        var param = AggregationParams.Create(this, e.Param);
        var input = Eval(e.Inner);
        var result = RangeEvalAggregation(e, grouping, input, param);
        _ctx.Points.Return(input);
        _ctx.CurrentSamples = originalSamples + TotalPoints(result);
        _ctx.UpdatePeak();
        return result;
    }

    /// <summary>The output labels of a group, which are also its key: the <c>by</c> labels, or all but the <c>without</c> ones and the name.</summary>
    private static Labels GroupingLabels(Labels metric, List<string> grouping, bool without, LabelsBuilder builder)
    {
        if (!without && grouping.Count == 0) return Labels.Empty;
        builder.Reset();
        foreach (var label in metric.AsSpan())
        {
            bool listed = grouping.BinarySearch(label.Name, StringComparer.Ordinal) >= 0;
            if (without ? !listed && label.Name != Labels.MetricName : listed) builder.Set(label.Name, label.Value);
        }
        return builder.Build();
    }

    private bool IsKAggregation(AggregationOp op) => op is AggregationOp.TopK or AggregationOp.BottomK or AggregationOp.LimitK or AggregationOp.LimitRatio;

    /// <summary>Aggregates over all steps (upstream rangeEvalAgg): groups are assigned once per input series.</summary>
    private Matrix RangeEvalAggregation(AggregateExpr e, List<string> grouping, Matrix input, AggregationParams param)
    {
        var builder = new LabelsBuilder();
        var groupIndex = new Dictionary<Labels, int>();
        var seriesGroup = new int[input.Count];
        var result = new Matrix();
        bool kAgg = IsKAggregation(e.Op);
        for (int si = 0; si < input.Count; si++)
        {
            var key = GroupingLabels(input[si].Metric, grouping, e.Without, builder);
            if (!groupIndex.TryGetValue(key, out int index))
            {
                index = groupIndex.Count;
                groupIndex[key] = index;
                if (!kAgg) result.Add(new RangeSeries(key));
            }
            seriesGroup[si] = index;
        }
        var groups = new Group[groupIndex.Count];
        Dictionary<Labels, RangeSeries>? kSeries = null;
        // Upstream reports at the parameter with its parentheses removed.
        var paramPosition = e.Param is null ? e.Position : QueryPreparer.Unwrap(e.Param).Position;

        switch (e.Op)
        {
            case AggregationOp.TopK or AggregationOp.BottomK or AggregationOp.LimitK:
                if (param.Max < 1) return [];
                if (param.HasAnyNaN) throw QueryEvaluationException.Execution("Parameter value is NaN");
                if (param.Min <= -9223372036854775808d)
                    throw QueryEvaluationException.Execution($"Scalar value {GoFloatFormat.FormatG(param.Min)} underflows int64");
                if (param.Max >= 9223372036854774784d)
                    throw QueryEvaluationException.Execution($"Scalar value {GoFloatFormat.FormatG(param.Max)} overflows int64");
                kSeries = new Dictionary<Labels, RangeSeries>(input.Count);
                break;
            case AggregationOp.LimitRatio:
                if (param.Max == 0 && param.Min == 0) return [];
                if (param.HasAnyNaN) throw QueryEvaluationException.Execution("Ratio value is NaN");
                if (param.Max > 1.0)
                    _ctx.Annotations.Warn($"ratio value should be between -1 and 1, got {GoFloatFormat.FormatG(param.Max)}, capping to 1", paramPosition);
                if (param.Min < -1.0)
                    _ctx.Annotations.Warn($"ratio value should be between -1 and 1, got {GoFloatFormat.FormatG(param.Min)}, capping to -1", paramPosition);
                kSeries = new Dictionary<Labels, RangeSeries>(input.Count);
                break;
            case AggregationOp.Quantile:
                if (param.HasAnyNaN) _ctx.Annotations.Warn("quantile value should be between 0 and 1, got NaN", paramPosition);
                if (param.Max > 1) _ctx.Annotations.Warn($"quantile value should be between 0 and 1, got {GoFloatFormat.FormatG(param.Max)}", paramPosition);
                if (param.Min < 0) _ctx.Annotations.Warn($"quantile value should be between 0 and 1, got {GoFloatFormat.FormatG(param.Min)}", paramPosition);
                break;
        }

        var cursors = new int[input.Count];
        var present = new bool[input.Count];
        var values = new double[input.Count];
        int tempSamples = _ctx.CurrentSamples;
        int numSteps = NumSteps;
        for (long ts = _start; ts <= _end; ts += _interval)
        {
            double p = param.Next();
            _ctx.CheckCancelled();
            _ctx.CurrentSamples = tempSamples;
            // Every series is advanced to this step whatever the aggregation does with it.
            for (int si = 0; si < input.Count; si++) present[si] = TryTake(input[si], ref cursors[si], ts, out values[si]);

            if (kAgg)
            {
                var instant = AggregateK(e, p, input, present, values, seriesGroup, groups, ts, kSeries!, numSteps);
                if (IsInstant) return instant ?? [];
            }
            else
            {
                Aggregate(e, p, input, present, values, seriesGroup, groups, result, ts, numSteps);
            }
            if (_ctx.CurrentSamples > _ctx.MaxSamples) throw QueryEvaluationException.TooManySamples();
        }

        if (kAgg) return [.. kSeries!.Values];
        result.RemoveAll(static s => s.Floats.Count == 0);
        return result;
    }

    /// <summary>sum, avg, count, min, max, group, stddev, stdvar and quantile at one step (upstream aggregation, float samples).</summary>
    private void Aggregate(AggregateExpr e, double q, Matrix input, bool[] present, double[] values, int[] seriesGroup,
        Group[] groups, Matrix result, long ts, int numSteps)
    {
        var op = e.Op;
        for (int i = 0; i < groups.Length; i++) groups[i].Seen = false;

        for (int si = 0; si < input.Count; si++)
        {
            if (!present[si]) continue;
            double f = values[si];
            ref var g = ref groups[seriesGroup[si]];
            if (!g.Seen)
            {
                var heap = g.Heap;
                First(ref g, op, f, input[si].DropName);
                if (op == AggregationOp.Quantile)
                {
                    heap ??= [];
                    heap.Clear();
                    heap.Add(new Sample { F = f });
                    g.Heap = heap;
                }
                continue;
            }
            if (op == AggregationOp.Quantile)
            {
                if (input[si].DropName) g.DropName = true;
                g.Heap!.Add(new Sample { F = f });
            }
            else Fold(ref g, op, f, input[si].DropName);
        }

        for (int ri = 0; ri < groups.Length; ri++)
        {
            ref var g = ref groups[ri];
            if (!g.Seen) continue;
            double value = op == AggregationOp.Quantile ? QuantileOf(q, g.Heap!) : Result(ref g, op);
            var ss = result[ri];
            if (ss.Floats.Count == 0 && ss.Floats.Capacity == 0) ss.Floats = new List<FPoint>(Math.Min(numSteps, 5000));
            ss.Floats.Add(new FPoint(ts, value));
            ss.DropName = g.DropName;
        }
    }

    /// <summary>Starts a group with its first sample at a step (upstream's initialisation of groupedAggregation).</summary>
    private static void First(ref Group g, AggregationOp op, double f, bool dropName)
    {
        g = new Group { Seen = true, Value = f, Mean = f, Count = 1, DropName = dropName };
        if (op is AggregationOp.Stddev or AggregationOp.Stdvar) g.Value = double.IsNaN(f) || double.IsInfinity(f) ? double.NaN : 0;
        else if (op == AggregationOp.Group) g.Value = 1;
    }

    /// <summary>Adds a further sample to a group (upstream aggregation's per-operator cases; avg is a Kahan sum until it would overflow, then an incremental mean).</summary>
    private static void Fold(ref Group g, AggregationOp op, double f, bool dropName)
    {
        if (dropName) g.DropName = true;
        switch (op)
        {
            case AggregationOp.Sum:
                g.Value = KahanSum.Inc(f, g.Value, ref g.KahanC);
                break;
            case AggregationOp.Avg:
                g.Count++;
                if (!g.IncrementalMean)
                {
                    double newC = g.KahanC;
                    double newV = KahanSum.Inc(f, g.Value, ref newC);
                    if (!double.IsInfinity(newV))
                    {
                        g.Value = newV;
                        g.KahanC = newC;
                        break;
                    }
                    // The sum would overflow: switch to the incremental mean from here on.
                    g.IncrementalMean = true;
                    g.Mean = g.Value / (g.Count - 1);
                    g.KahanC /= g.Count - 1;
                }
                double ratio = (g.Count - 1) / g.Count;
                g.KahanC *= ratio;
                g.Mean = KahanSum.Inc(f / g.Count, ratio * g.Mean, ref g.KahanC);
                break;
            case AggregationOp.Max:
                if (g.Value < f || double.IsNaN(g.Value)) g.Value = f;
                break;
            case AggregationOp.Min:
                if (g.Value > f || double.IsNaN(g.Value)) g.Value = f;
                break;
            case AggregationOp.Count:
                g.Count++;
                break;
            case AggregationOp.Stddev or AggregationOp.Stdvar:
                g.Count++;
                double delta = f - g.Mean;
                g.Mean += delta / g.Count;
                g.Value += delta * (f - g.Mean);
                break;
        }
    }

    /// <summary>A group's value at the end of a step.</summary>
    private static double Result(ref Group g, AggregationOp op) => op switch
    {
        AggregationOp.Avg => g.IncrementalMean ? g.Mean + g.KahanC : g.Value / g.Count + g.KahanC / g.Count,
        AggregationOp.Count => g.Count,
        AggregationOp.Stdvar => g.Value / g.Count,
        AggregationOp.Stddev => Math.Sqrt(g.Value / g.Count),
        AggregationOp.Sum => g.Value + g.KahanC,
        _ => g.Value,
    };

    /// <summary>Upstream's quantile over a group's values: φ-quantile with linear interpolation between ranks.</summary>
    internal static double QuantileOf(double q, List<Sample> values)
    {
        if (values.Count == 0 || double.IsNaN(q)) return double.NaN;
        if (q < 0) return double.NegativeInfinity;
        if (q > 1) return double.PositiveInfinity;
        values.Sort(static (a, b) => CompareForQuantile(a.F, b.F));
        double n = values.Count;
        double rank = q * (n - 1);
        double lower = Math.Max(0, Math.Floor(rank));
        double upper = Math.Min(n - 1, lower + 1);
        double weight = rank - Math.Floor(rank);
        return values[(int)lower].F * (1 - weight) + values[(int)upper].F * weight;
    }

    // NaN sorts first, as upstream's vectorByValueHeap.Less.
    private static int CompareForQuantile(double a, double b)
    {
        if (double.IsNaN(a)) return double.IsNaN(b) ? 0 : -1;
        if (double.IsNaN(b)) return 1;
        return a.CompareTo(b);
    }
}
