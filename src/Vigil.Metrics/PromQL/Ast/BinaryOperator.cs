namespace Vigil.Metrics.PromQL.Ast;

/// <summary>PromQL's binary operators. Comparison operators filter unless <c>bool</c> is given; And/Or/Unless are set operators.</summary>
public enum BinaryOperator : byte
{
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Atan2,
    Eql,
    Neq,
    Gtr,
    Lss,
    Gte,
    Lte,
    And,
    Or,
    Unless,

    /// <summary><c>&lt;/</c>: trims native histogram buckets above the right-hand value (TRIM_UPPER).</summary>
    TrimUpper,

    /// <summary><c>&gt;/</c>: trims native histogram buckets below the right-hand value (TRIM_LOWER).</summary>
    TrimLower,
}
