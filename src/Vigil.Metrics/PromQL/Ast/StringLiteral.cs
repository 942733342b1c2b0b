namespace Vigil.Metrics.PromQL.Ast;

/// <summary>A string literal, unescaped.</summary>
public sealed class StringLiteral(string value) : Expr
{
    public string Value { get; } = value;
    public override ExprType Type => ExprType.String;
}
