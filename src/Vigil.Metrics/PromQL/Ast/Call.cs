namespace Vigil.Metrics.PromQL.Ast;

/// <summary>A function call; <see cref="Function"/> comes from the function table.</summary>
public sealed class Call(FunctionInfo function, IReadOnlyList<Expr> args) : Expr
{
    public FunctionInfo Function { get; } = function;
    public IReadOnlyList<Expr> Args { get; set; } = args;
    public override ExprType Type => Function.ReturnType;
}

/// <summary>
/// A function's signature (Prometheus <c>parser.Function</c>). <see cref="Variadic"/>: 0 = exactly the
/// arguments listed; n &gt; 0 = the last
/// n argument types are optional; -1 = the last type repeats without limit (as upstream).
/// </summary>
public sealed record FunctionInfo(string Name, ExprType[] ArgTypes, int Variadic, ExprType ReturnType, bool Experimental = false);
