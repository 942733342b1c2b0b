namespace Vigil.Metrics.PromQL.Ast;

/// <summary>An expression in parentheses (kept so printing and positions stay faithful).</summary>
public sealed class ParenExpr(Expr inner) : Expr
{
    public Expr Inner { get; set; } = inner;
    public override ExprType Type => Inner.Type;
}
