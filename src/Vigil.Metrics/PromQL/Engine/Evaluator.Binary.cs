using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.PromQL.Engine;

internal sealed partial class Evaluator
{
    private Matrix EvalBinary(BinaryExpr e)
    {
        var lt = e.Left.Type;
        var rt = e.Right.Type;
        var output = new Vector();
        if (BinaryOps.IsTrim(e.Op)) return EvalTrimOnFloats(e);
        if (lt == ExprType.Scalar && rt == ExprType.Scalar)
        {
            return RangeEval(null, (v, _, _) =>
            {
                output.Clear();
                if (v[0].Count > 0 && v[1].Count > 0)
                    output.Add(new Sample(Labels.Empty, 0, BinaryOps.Scalar(e.Op, v[0][0].F, v[1][0].F)));
                return output;
            }, e.Left, e.Right);
        }
        if (lt == ExprType.Vector && rt == ExprType.Vector)
        {
            var matching = e.Matching ?? new VectorMatching
            {
                Cardinality = e.Op is BinaryOperator.And or BinaryOperator.Or or BinaryOperator.Unless
                    ? VectorMatchCardinality.ManyToMany
                    : VectorMatchCardinality.OneToOne,
            };
            var join = new VectorJoin(e.Op, matching, e.ReturnBool);
            return e.Op switch
            {
                BinaryOperator.And => RangeEval(matching, (v, sigs, _) => join.And(v[0], v[1], sigs!, output), e.Left, e.Right),
                BinaryOperator.Or => RangeEval(matching, (v, sigs, _) => join.Or(v[0], v[1], sigs!, output), e.Left, e.Right),
                BinaryOperator.Unless => RangeEval(matching, (v, sigs, _) => join.Unless(v[0], v[1], sigs!, output), e.Left, e.Right),
                _ => RangeEval(matching, (v, sigs, _) => join.Arithmetic(v[0], v[1], sigs!, output), e.Left, e.Right),
            };
        }
        if (lt == ExprType.Vector && rt == ExprType.Scalar)
        {
            return RangeEval(null, (v, _, _) =>
            {
                output.Clear();
                if (v[1].Count > 0) BinaryOps.VectorScalar(e.Op, v[0], v[1][0].F, swap: false, e.ReturnBool, output);
                return output;
            }, e.Left, e.Right);
        }
        return RangeEval(null, (v, _, _) =>
        {
            output.Clear();
            if (v[0].Count > 0) BinaryOps.VectorScalar(e.Op, v[1], v[0][0].F, swap: true, e.ReturnBool, output);
            return output;
        }, e.Left, e.Right);
    }

    /// <summary>
    /// <c>&lt;/</c> and <c>&gt;/</c> trim native histograms; the store holds floats only, and between floats the
    /// operators give no result and an info wherever samples met (upstream vectorElemBinop).
    /// </summary>
    private Matrix EvalTrimOnFloats(BinaryExpr e)
    {
        var output = new Vector();
        bool met = false;
        var matching = e.Matching ?? new VectorMatching();
        var join = e.Left.Type == ExprType.Vector && e.Right.Type == ExprType.Vector ? new VectorJoin(e.Op, matching, e.ReturnBool) : null;
        var result = RangeEval(join is null ? null : matching, (v, sigs, _) =>
        {
            output.Clear();
            if (join is not null)
            {
                join.Arithmetic(v[0], v[1], sigs!, output);
                met |= join.Combined;
            }
            else met |= v[0].Count > 0 && v[1].Count > 0;
            output.Clear();
            return output;
        }, e.Left, e.Right);
        if (met) _ctx.Annotations.Info(BinaryOps.IncompatibleTrimDetail(e.Op), e.Position);
        return result;
    }
}
