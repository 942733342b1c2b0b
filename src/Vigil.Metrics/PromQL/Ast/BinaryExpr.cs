namespace Vigil.Metrics.PromQL.Ast;

/// <summary>A binary operation. <see cref="Matching"/> is set when both sides are vectors.</summary>
public sealed class BinaryExpr(BinaryOperator op, Expr left, Expr right) : Expr
{
    public BinaryOperator Op { get; } = op;
    public Expr Left { get; set; } = left;
    public Expr Right { get; set; } = right;
    public VectorMatching? Matching { get; set; }

    /// <summary>Comparison with <c>bool</c>: returns 0/1 instead of filtering.</summary>
    public bool ReturnBool { get; set; }

    public override ExprType Type =>
        Left.Type == ExprType.Scalar && Right.Type == ExprType.Scalar ? ExprType.Scalar : ExprType.Vector;
}
