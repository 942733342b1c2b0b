namespace Vigil.Metrics.PromQL.Ast;

/// <summary>Unary <c>-</c> or <c>+</c> on a scalar or vector.</summary>
public sealed class UnaryExpr(bool negate, Expr operand) : Expr
{
    public bool Negate { get; } = negate;
    public Expr Operand { get; set; } = operand;
    public override ExprType Type => Operand.Type;
}
