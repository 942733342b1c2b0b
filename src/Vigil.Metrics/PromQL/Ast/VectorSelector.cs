using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.PromQL.Ast;

/// <summary>
/// An instant vector selector. <see cref="Matchers"/> include the metric name as a <c>__name__</c> matcher when
/// <see cref="Name"/> is given. Offset and <c>@</c> are in milliseconds; the <c>*Expr</c> forms hold a duration
/// expression the engine resolves into the plain value before evaluation.
/// </summary>
public sealed class VectorSelector : Expr
{
    public string? Name { get; set; }
    public IReadOnlyList<Matcher> Matchers { get; set; } = [];

    /// <summary>The offset as written (negative allowed), in ms.</summary>
    public long OriginalOffsetMs { get; set; }
    public DurationExpr? OffsetExpr { get; set; }

    /// <summary>Offset used during evaluation (engine-computed from offset, <c>@</c> and enclosing subqueries).</summary>
    public long OffsetMs { get; set; }

    /// <summary>The <c>@</c> time in ms, when given (or resolved from start()/end()).</summary>
    public long? AtMs { get; set; }
    public AtModifier StartOrEnd { get; set; }

    /// <summary>Extended range selectors (experimental): <c>anchored</c> and <c>smoothed</c>.</summary>
    public bool Anchored { get; set; }
    public bool Smoothed { get; set; }

    /// <summary>True for info()'s second argument, which need not have a non-empty matcher.</summary>
    public bool BypassEmptyMatcherCheck { get; set; }

    public override ExprType Type => ExprType.Vector;
}
