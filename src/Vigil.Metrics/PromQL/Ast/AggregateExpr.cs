namespace Vigil.Metrics.PromQL.Ast;

/// <summary>An aggregation: <c>sum by (job) (x)</c>, <c>topk(3, x)</c>.</summary>
public sealed class AggregateExpr(AggregationOp op, Expr inner) : Expr
{
    public AggregationOp Op { get; } = op;
    public Expr Inner { get; set; } = inner;
    public Expr? Param { get; set; }

    /// <summary>Labels of <c>by</c>/<c>without</c>; empty when neither was given.</summary>
    public IReadOnlyList<string> Grouping { get; set; } = [];

    public bool Without { get; set; }

    public override ExprType Type => ExprType.Vector;
}
