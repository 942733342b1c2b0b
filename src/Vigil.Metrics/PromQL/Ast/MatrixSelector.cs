namespace Vigil.Metrics.PromQL.Ast;

/// <summary>A range vector selector: <c>x[5m]</c>. The range is in ms; <see cref="RangeExpr"/> holds a duration expression.</summary>
public sealed class MatrixSelector(VectorSelector selector) : Expr
{
    public VectorSelector Selector { get; set; } = selector;
    public long RangeMs { get; set; }
    public DurationExpr? RangeExpr { get; set; }
    public override ExprType Type => ExprType.Matrix;
}
