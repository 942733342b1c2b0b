using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Functions;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.PromQL.Engine;

/// <summary>
/// Streaming: nodes whose output series are independent of each other (instant selectors, range functions,
/// unary minus and vector-scalar operations over those) can hand their series to a consumer one at a time
/// instead of building the whole matrix. Aggregations that
/// fold samples (sum, avg, count, min, max, group, stddev, stdvar) consume them that way, so memory holds one
/// input series plus the groups' per-step state rather than every input series.
/// </summary>
internal sealed partial class Evaluator
{
    /// <summary>Receives one output series; its point list is reused for the next series, so the consumer must not keep it.</summary>
    internal delegate void SeriesSink(RangeSeries series);

    private static bool IsStreamable(AggregationOp op) =>
        op is AggregationOp.Sum or AggregationOp.Avg or AggregationOp.Count or AggregationOp.Min or AggregationOp.Max
            or AggregationOp.Group or AggregationOp.Stddev or AggregationOp.Stdvar;

    /// <summary>Whether <see cref="StreamSeries"/> can produce this node's series one at a time.</summary>
    private bool CanStream(Expr expr)
    {
        if (_ctx.StepInvariant.Contains(expr)) return false;
        switch (expr)
        {
            case ParenExpr p:
                return CanStream(p.Inner);
            case VectorSelector vs:
                return !vs.Smoothed;
            case UnaryExpr u:
                return CanStream(u.Operand);
            case BinaryExpr b when !BinaryOps.IsTrim(b.Op):
                // Vector-scalar operations map each series on its own.
                if (b.Left.Type == ExprType.Vector && b.Right.Type == ExprType.Scalar) return CanStream(b.Left);
                if (b.Left.Type == ExprType.Scalar && b.Right.Type == ExprType.Vector) return CanStream(b.Right);
                return false;
            case Call call:
                if (call.Function.Name is "absent_over_time" or "label_replace" or "label_join" or "timestamp" or "info") return false;
                if (!FunctionRegistry.TryGet(call.Function.Name, out _)) return false;
                foreach (var arg in call.Args)
                    if (QueryPreparer.Unwrap(arg) is MatrixSelector or SubqueryExpr) return true;
                return false;
            default:
                return false;
        }
    }

    private void StreamSeries(Expr expr, SeriesSink sink)
    {
        switch (expr)
        {
            case ParenExpr p:
                StreamSeries(p.Inner, sink);
                return;
            case VectorSelector vs:
                SelectorSeries(vs, sink, reusePoints: true);
                return;
            case UnaryExpr u:
                StreamSeries(u.Operand, u.Negate ? NegatingSink(sink) : sink);
                return;
            case BinaryExpr b:
                bool scalarLeft = b.Left.Type == ExprType.Scalar;
                var scalar = Eval(scalarLeft ? b.Left : b.Right);
                StreamSeries(scalarLeft ? b.Right : b.Left, VectorScalarSink(b, scalar, scalarLeft, sink));
                _ctx.Points.Return(scalar);
                return;
            case Call call:
                var args = new Expr[call.Args.Count];
                for (int i = 0; i < args.Length; i++) args[i] = QueryPreparer.Unwrap(call.Args[i]);
                int matrixIndex = Array.FindIndex(args, a => a is MatrixSelector or SubqueryExpr);
                FunctionRegistry.TryGet(call.Function.Name, out var fn);
                RangeFunctionSeries(call.Function.Name, fn, args, matrixIndex, NewHelper(), sink, reusePoints: true);
                return;
            default:
                throw new QueryEvaluationException(QueryErrorKind.Internal, $"cannot stream {expr.GetType().Name}");
        }
    }

    private static SeriesSink NegatingSink(SeriesSink sink) => series =>
    {
        var floats = series.Floats;
        for (int j = 0; j < floats.Count; j++) floats[j] = new FPoint(floats[j].T, -floats[j].F);
        series.DropName = true;
        sink(series);
    };

    /// <summary>Applies a vector-scalar operation to each streamed series, point by point, as <see cref="BinaryOps.VectorScalar"/> does per step.</summary>
    private SeriesSink VectorScalarSink(BinaryExpr b, Matrix scalar, bool swap, SeriesSink sink)
    {
        var output = new RangeSeries(Labels.Empty) { Floats = _ctx.Points.Rent(NumSteps) };
        bool comparison = BinaryOps.IsComparison(b.Op);
        bool dropName = BinaryOps.ChangesMetricSchema(b.Op) || b.ReturnBool;
        var scalarPoints = scalar.Count > 0 ? scalar[0].Floats : [];
        return series =>
        {
            var outPoints = output.Floats;
            outPoints.Clear();
            foreach (var p in series.Floats)
            {
                int step = (int)((p.T - _start) / _interval);
                if (step >= scalarPoints.Count || scalarPoints[step].T != p.T) continue;
                double lf = p.F, rf = scalarPoints[step].F;
                if (swap) (lf, rf) = (rf, lf);
                var (value, keep) = BinaryOps.Elements(b.Op, lf, rf);
                if (comparison && swap) value = rf;
                if (b.ReturnBool)
                {
                    value = keep ? 1 : 0;
                    keep = true;
                }
                if (keep) outPoints.Add(new FPoint(p.T, value));
            }
            if (outPoints.Count == 0) return;
            output.Metric = series.Metric;
            output.DropName = series.DropName || dropName;
            sink(output);
        };
    }

    /// <summary>
    /// A folding aggregation over a streamed input: each input series is folded into its group's per-step
    /// state as it arrives. Per group and step the samples are folded in input order, as upstream's
    /// step-by-step loop does, so the results are the same to the last bit.
    /// </summary>
    private Matrix StreamAggregate(AggregateExpr e, List<string> grouping)
    {
        var op = e.Op;
        int numSteps = NumSteps;
        var builder = new LabelsBuilder();
        var groupIndex = new Dictionary<Labels, int>();
        var states = new List<Group[]>();
        var result = new Matrix();
        StreamSeries(e.Inner, series =>
        {
            var key = GroupingLabels(series.Metric, grouping, e.Without, builder);
            if (!groupIndex.TryGetValue(key, out int gi))
            {
                gi = states.Count;
                groupIndex[key] = gi;
                states.Add(new Group[numSteps]);
                result.Add(new RangeSeries(key));
            }
            var st = states[gi];
            foreach (var p in series.Floats)
            {
                ref var g = ref st[(int)((p.T - _start) / _interval)];
                if (!g.Seen) First(ref g, op, p.F, series.DropName);
                else Fold(ref g, op, p.F, series.DropName);
            }
        });
        for (int gi = 0; gi < states.Count; gi++)
        {
            var st = states[gi];
            var ss = result[gi];
            int seen = 0;
            foreach (var g in st) if (g.Seen) seen++;
            ss.Floats = new List<FPoint>(seen);
            for (int step = 0; step < st.Length; step++)
            {
                ref var g = ref st[step];
                if (!g.Seen) continue;
                ss.Floats.Add(new FPoint(_start + step * _interval, Result(ref g, op)));
                ss.DropName = g.DropName;
            }
        }
        result.RemoveAll(static s => s.Floats.Count == 0);
        return result;
    }
}
