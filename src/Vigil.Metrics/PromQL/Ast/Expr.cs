namespace Vigil.Metrics.PromQL.Ast;

/// <summary>
/// A PromQL expression node (Prometheus <c>parser.Expr</c>). Nodes are mutable classes: the parser builds
/// them and the engine resolves durations, <c>@</c> times and offsets in place before evaluation, as upstream does.
/// <see cref="Position"/> is the node's span in the query text (character offsets, end exclusive).
/// </summary>
public abstract class Expr
{
    public PositionRange Position { get; set; }

    /// <summary>The type the expression evaluates to (checked at parse time).</summary>
    public abstract ExprType Type { get; }

    /// <summary>Single-line PromQL text that parses back to this node (Prometheus <c>String()</c>).</summary>
    public override string ToString() => Printer.Print(this);
}

/// <summary>Character offsets of a node in the query text; Start inclusive, End exclusive.</summary>
public readonly record struct PositionRange(int Start, int End);

/// <summary>PromQL's value types (Prometheus <c>parser.ValueType</c>; named ExprType to stay clear of System.ValueType).</summary>
public enum ExprType : byte
{
    None,
    Scalar,
    Vector,
    Matrix,
    String,
}
