namespace Vigil.Metrics.PromQL.Ast;

/// <summary>A subquery: <c>expr[range:step] offset o @ t</c>. Times in ms; a step of 0 means the default resolution.</summary>
public sealed class SubqueryExpr(Expr inner) : Expr
{
    public Expr Inner { get; set; } = inner;
    public long RangeMs { get; set; }
    public DurationExpr? RangeExpr { get; set; }
    public long StepMs { get; set; }
    public DurationExpr? StepExpr { get; set; }
    public long OriginalOffsetMs { get; set; }
    public DurationExpr? OffsetExpr { get; set; }
    public long OffsetMs { get; set; }
    public long? AtMs { get; set; }
    public AtModifier StartOrEnd { get; set; }
    public override ExprType Type => ExprType.Matrix;
}
