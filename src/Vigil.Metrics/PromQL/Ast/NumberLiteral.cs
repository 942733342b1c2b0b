namespace Vigil.Metrics.PromQL.Ast;

/// <summary>A number. <see cref="IsDuration"/> marks one written as a duration (<c>5m</c>), value in seconds, so it prints back as one.</summary>
public sealed class NumberLiteral(double value) : Expr
{
    public double Value { get; set; } = value;
    public bool IsDuration { get; set; }
    public override ExprType Type => ExprType.Scalar;
}
