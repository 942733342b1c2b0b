namespace Vigil.Metrics.PromQL.Ast;

/// <summary>Prints an AST back to PromQL (Prometheus <c>String()</c>); the pretty form for format_query lives beside it.</summary>
public static partial class Printer
{
    /// <summary>One-line PromQL that parses back to the same tree.</summary>
    public static string Print(Expr expr) => throw new NotImplementedException("PromQL printer: parser work package");
}
