using Vigil.Metrics.GoText;
using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Functions;
using Vigil.Metrics.PromQL.Values;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.PromQL.Engine;

internal sealed partial class Evaluator
{
    // Functions allowed with the experimental range selector modifiers (upstream AnchoredSafeFunctions,
    // SmoothedSafeFunctions); error texts list them sorted.
    private static readonly string[] AnchoredSafeFunctions = ["changes", "delta", "increase", "rate", "resets"];
    private static readonly string[] SmoothedSafeFunctions = ["delta", "increase", "rate"];

    private static readonly Matrix EmptyMatrix = [];

    private Matrix EvalCall(Call call)
    {
        string name = call.Function.Name;
        if (!FunctionRegistry.TryGet(name, out var fn))
            throw QueryEvaluationException.Execution($"function {name} is not implemented");

        // Functions read string and range arguments from the tree; parentheses around them are noise.
        var args = new Expr[call.Args.Count];
        for (int i = 0; i < args.Length; i++) args[i] = QueryPreparer.Unwrap(call.Args[i]);

        // A plain selector's own sample times reach timestamp(), not the step times a matrix holds.
        if (name == "timestamp" && args.Length == 1 && args[0] is VectorSelector vs)
            return EvalTimestampOverSelector(vs, fn, args);

        int matrixIndex = -1;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] is MatrixSelector or SubqueryExpr)
            {
                matrixIndex = i;
                break;
            }
        }

        if (name is "label_replace" or "label_join") return EvalLabelFunction(name, fn, args);

        var helper = NewHelper();
        if (matrixIndex < 0)
        {
            return RangeEval(null, (inputs, _, ts) =>
            {
                helper.Timestamp = ts;
                helper.Output.Clear();
                Invoke(fn, inputs, EmptyMatrix, args, helper);
                return helper.Output;
            }, args);
        }
        return EvalRangeFunction(name, fn, args, matrixIndex, helper);
    }

    private EvalNodeHelper NewHelper() => new()
    {
        QueryStart = _ctx.QueryStart,
        QueryEnd = _ctx.QueryEnd,
        QueryStep = _ctx.QueryStep,
        Querier = _ctx.Querier,
        LookbackDeltaMs = _ctx.LookbackMs,
    };

    /// <summary>Calls a function; an exception from it ends the query with its message (upstream functions panic with an error).</summary>
    private void Invoke(FunctionCall fn, Vector[] vectors, Matrix matrix, Expr[] args, EvalNodeHelper helper)
    {
        try
        {
            fn(vectors, matrix, args, helper, _ctx.Annotations);
        }
        catch (QueryEvaluationException)
        {
            throw;
        }
        catch (Exception ex) when (ex is NullReferenceException or IndexOutOfRangeException or InvalidCastException)
        {
            throw new QueryEvaluationException(QueryErrorKind.Internal, "unexpected error: " + ex.Message);
        }
        catch (Exception ex)
        {
            throw QueryEvaluationException.Execution(ex.Message);
        }
    }

    /// <summary>
    /// A function with a range-vector argument (upstream's matrix branch of eval for *parser.Call): series by
    /// series, step by step, the function sees that one series' points in the window
    /// (t − offset − range, t − offset]; scalar arguments are evaluated first and read per step.
    /// </summary>
    private Matrix EvalRangeFunction(string name, FunctionCall fn, Expr[] args, int matrixIndex, EvalNodeHelper helper)
    {
        var mat = new Matrix();
        RangeFunctionSeries(name, fn, args, matrixIndex, helper, mat.Add, reusePoints: false);
        if (name == "absent_over_time") return AbsentOverTime(mat, args[matrixIndex] is MatrixSelector ? args[0] : null);
        return mat;
    }

    /// <summary>
    /// Produces a range function's output series one input series at a time. With <paramref name="reusePoints"/>
    /// every output is handed over in the same point list (streaming).
    /// </summary>
    private void RangeFunctionSeries(string name, FunctionCall fn, Expr[] args, int matrixIndex, EvalNodeHelper helper, SeriesSink sink, bool reusePoints)
    {
        var others = new Matrix?[args.Length];
        for (int i = 0; i < args.Length; i++)
            if (i != matrixIndex && args[i].Type != ExprType.String) others[i] = Eval(args[i]);

        long range, offset;
        long? at;
        bool anchored = false, smoothed = false;
        List<(Labels Metric, SampleIterator? Stored, List<FPoint>? Points, Series? Source)> inputs;
        int subquerySamples = 0;
        bool[]? subqueryDropsName = null;
        Matrix? subqueryResult = null;
        if (args[matrixIndex] is MatrixSelector ms)
        {
            var sel = ms.Selector;
            range = ms.RangeMs;
            offset = sel.OffsetMs;
            at = sel.AtMs;
            anchored = sel.Anchored;
            smoothed = sel.Smoothed;
            if (anchored && Array.IndexOf(AnchoredSafeFunctions, name) < 0)
                throw QueryEvaluationException.Execution($"anchored modifier can only be used with: {string.Join(", ", AnchoredSafeFunctions)} - not with {name}");
            if (smoothed && Array.IndexOf(SmoothedSafeFunctions, name) < 0)
                throw QueryEvaluationException.Execution($"smoothed modifier can only be used with: {string.Join(", ", SmoothedSafeFunctions)} - not with {name}");
            var selected = _ctx.SeriesFor(sel);
            inputs = new(selected.Count);
            foreach (var s in selected) inputs.Add((s.Labels, null, null, s));
        }
        else
        {
            var sq = (SubqueryExpr)args[matrixIndex];
            var mat = subqueryResult = Eval(sq);
            subquerySamples = TotalPoints(mat);
            range = sq.RangeMs;
            at = sq.AtMs;
            // The subquery's own offset is kept apart from @ (upstream evalSubquery).
            offset = at is { } ts0 ? sq.OriginalOffsetMs + (_start - ts0) : sq.OffsetMs;
            inputs = new(mat.Count);
            foreach (var s in mat)
            {
                inputs.Add((s.Metric, null, s.Floats, null));
                subqueryDropsName ??= new bool[mat.Count];
                subqueryDropsName[inputs.Count - 1] = s.DropName;
            }
        }

        var vectors = new Vector[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            vectors[i] = new Vector(1);
            if (others[i] is not null) vectors[i].Add(default);
        }
        var inMatrix = new Matrix(1) { new RangeSeries(Labels.Empty) };
        var window = new WindowBuffer();
        inMatrix[0].Floats = window.Points;
        var pointsIterator = new PointsIterator();
        SampleIterator? reuse = null;
        long lookback = _ctx.LookbackMs;
        int numSteps = NumSteps;
        // last_over_time and first_over_time act like offset and keep the name; every other range function drops it.
        bool dropName = name is not ("last_over_time" or "first_over_time");
        List<FPoint>? shared = reusePoints ? _ctx.Points.Rent(numSteps) : null;

        for (int inputIndex = 0; inputIndex < inputs.Count; inputIndex++)
        {
            var input = inputs[inputIndex];
            _ctx.CheckCancelled();
            SampleIterator it;
            if (input.Source is { } source) it = reuse = source.Iterator(reuse);
            else it = pointsIterator.Reset(input.Points!);
            window.Release(_ctx);
            window.Reset(it);
            inMatrix[0].Metric = input.Metric;
            // A subquery's series that already lose their name keep losing it, even through last_over_time.
            var output = new RangeSeries(input.Metric) { DropName = dropName || (subqueryDropsName?[inputIndex] ?? false) };
            List<FPoint>? points = shared;
            points?.Clear();
            long rangeEnd = 0;
            int step = -1;
            for (long ts = _start; ts <= _end; ts += _interval)
            {
                step++;
                for (int j = 0; j < args.Length; j++)
                    if (others[j] is { } scalar)
                        vectors[j][0] = new Sample(Labels.Empty, ts, ScalarAt(scalar, step));
                if (ts == _start || at is null)
                {
                    long maxt = ts - offset;
                    long mint = maxt - range;
                    rangeEnd = maxt;
                    if (anchored) mint -= lookback;
                    else if (smoothed)
                    {
                        mint -= lookback;
                        maxt += lookback;
                    }
                    window.Fill(mint, maxt, _ctx);
                }
                if (window.Points.Count == 0) continue;
                helper.Timestamp = ts;
                helper.RangeStart = rangeEnd - range;
                helper.RangeEnd = rangeEnd;
                helper.Output.Clear();
                Invoke(fn, vectors, inMatrix, args, helper);
                _ctx.TotalSamples += window.Points.Count;
                if (helper.Output.Count > 0)
                {
                    points ??= _ctx.Points.Rent(numSteps);
                    points.Add(new FPoint(ts, helper.Output[0].F));
                }
            }
            bool any = points is { Count: > 0 };
            if (any)
            {
                if (_ctx.CurrentSamples + points!.Count > _ctx.MaxSamples) throw QueryEvaluationException.TooManySamples();
                output.Floats = points;
                _ctx.CurrentSamples += points.Count;
                _ctx.UpdatePeak();
                sink(output);
                if (reusePoints) _ctx.CurrentSamples -= points.Count;
            }

            if (name is "rate" or "increase" && any)
            {
                string metricName = input.Metric.Name;
                if (metricName.Length > 0 && !metricName.EndsWith("_total", StringComparison.Ordinal)
                    && !metricName.EndsWith("_sum", StringComparison.Ordinal) && !metricName.EndsWith("_count", StringComparison.Ordinal)
                    && !metricName.EndsWith("_bucket", StringComparison.Ordinal))
                {
                    _ctx.Annotations.Info(
                        $"metric might not be a counter, name does not end in _total/_sum/_count/_bucket: {GoQuote.Quote(metricName)}",
                        args[0].Position);
                }
            }
        }
        window.Release(_ctx);
        // The subquery's result is not needed any more.
        _ctx.CurrentSamples -= subquerySamples;
        if (subqueryResult is not null) _ctx.Points.Return(subqueryResult);
    }


    private static double ScalarAt(Matrix scalar, int step)
    {
        if (scalar.Count == 0) return double.NaN;
        var floats = scalar[0].Floats;
        return step < floats.Count ? floats[step].F : double.NaN;
    }

    internal static bool ContainsSameLabelset(Matrix mat)
    {
        if (mat.Count <= 1) return false;
        var seen = new HashSet<Labels>(mat.Count);
        foreach (var s in mat)
            if (!seen.Add(s.Metric)) return true;
        return false;
    }
}
