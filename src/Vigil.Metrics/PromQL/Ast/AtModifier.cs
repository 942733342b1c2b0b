namespace Vigil.Metrics.PromQL.Ast;

/// <summary>Which preprocessor function an <c>@</c> modifier used, if any.</summary>
public enum AtModifier : byte
{
    None,
    Start,
    End,
}
