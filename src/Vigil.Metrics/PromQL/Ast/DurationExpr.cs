namespace Vigil.Metrics.PromQL.Ast;

/// <summary>
/// An experimental duration expression (<c>[26m+4m]</c>, <c>offset -step()*2</c>, <c>min_of(step()+1, 1h)</c>).
/// Leaves are <see cref="NumberLiteral"/>s in seconds or nested DurationExprs. The engine evaluates it once per
/// query (step() and range() depend on the query) into the owning node's plain millisecond value.
/// </summary>
public sealed class DurationExpr(DurationOp op, Expr? left, Expr? right) : Expr
{
    public DurationOp Op { get; } = op;

    /// <summary>Null for nullary ops (step(), range()) and for unary negation.</summary>
    public Expr? Left { get; set; } = left;
    public Expr? Right { get; set; } = right;

    /// <summary>Written in parentheses.</summary>
    public bool Wrapped { get; set; }

    public override ExprType Type => ExprType.Scalar;
}

public enum DurationOp : byte
{
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Negate,
    Step,
    Range,
    MinOf,
    MaxOf,
}
