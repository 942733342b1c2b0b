using Vigil.Metrics.PromQL.Ast;

namespace Vigil.Metrics.PromQL.Parser;

/// <summary>
/// Limits how deep a parsed tree may be. Upstream has no limit (Go stacks grow); .NET stacks do not, and a
/// stack overflow kills the process, so the parser, the type checker, the printers and the engine all
/// recurse over trees no deeper than these bounds.
/// </summary>
internal static class TreeDepth
{
    /// <summary>Nesting the recursive-descent parser follows (parentheses, calls, unary operators, duration expressions).</summary>
    public const int MaxNesting = 256;

    /// <summary>Depth of the finished tree, which left-associative operator chains (<c>a or b or c ...</c>) also grow.</summary>
    public const int MaxTreeDepth = 2000;

    /// <summary>The tree's depth, computed without recursion.</summary>
    public static int Of(Expr root)
    {
        int max = 0;
        var stack = new Stack<(Expr Node, int Depth)>();
        stack.Push((root, 1));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            if (depth > max) max = depth;
            foreach (var child in Children(node))
            {
                stack.Push((child, depth + 1));
            }
        }
        return max;
    }

    /// <summary>The direct sub-expressions of a node, duration expressions included.</summary>
    public static IEnumerable<Expr> Children(Expr node)
    {
        switch (node)
        {
            case AggregateExpr agg:
                if (agg.Param != null) yield return agg.Param;
                yield return agg.Inner;
                break;
            case BinaryExpr bin:
                yield return bin.Left;
                yield return bin.Right;
                break;
            case Call call:
                foreach (var a in call.Args) yield return a;
                break;
            case ParenExpr p:
                yield return p.Inner;
                break;
            case UnaryExpr u:
                yield return u.Operand;
                break;
            case MatrixSelector ms:
                yield return ms.Selector;
                if (ms.RangeExpr != null) yield return ms.RangeExpr;
                break;
            case SubqueryExpr sq:
                yield return sq.Inner;
                if (sq.RangeExpr != null) yield return sq.RangeExpr;
                if (sq.StepExpr != null) yield return sq.StepExpr;
                if (sq.OffsetExpr != null) yield return sq.OffsetExpr;
                break;
            case VectorSelector vs:
                if (vs.OffsetExpr != null) yield return vs.OffsetExpr;
                break;
            case DurationExpr de:
                if (de.Left != null) yield return de.Left;
                if (de.Right != null) yield return de.Right;
                break;
        }
    }
}
