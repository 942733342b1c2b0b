using Vigil.Metrics.GoText;
using Vigil.Metrics.PromQL.Ast;

namespace Vigil.Metrics.PromQL.Parser;

/// <summary>
/// Upstream <c>checkAST</c>: type checks a parsed tree (operand types, argument counts and types, vector
/// matching rules, non-empty selectors) and normalises it as upstream does (set operators become
/// many-to-many, scalar operands drop their vector matching, info()'s second argument may be empty).
/// </summary>
internal sealed class TypeChecker(string input, Action<PositionRange, string> addError)
{
    private const string MetricNameLabel = "__name__";

    /// <summary>Upstream <c>DocumentedType</c>.</summary>
    public static string Documented(ExprType t) => t switch
    {
        ExprType.Vector => "instant vector",
        ExprType.Matrix => "range vector",
        ExprType.Scalar => "scalar",
        ExprType.String => "string",
        _ => "none",
    };

    private static string Plain(ExprType t) => t switch
    {
        ExprType.Vector => "vector",
        ExprType.Matrix => "matrix",
        ExprType.Scalar => "scalar",
        ExprType.String => "string",
        _ => "none",
    };

    public ExprType Check(Expr node)
    {
        var typ = node.Type;
        switch (node)
        {
            case AggregateExpr agg:
                ExpectType(agg.Inner, ExprType.Vector, "aggregation expression");
                if (agg.Op is AggregationOp.TopK or AggregationOp.BottomK or AggregationOp.Quantile or AggregationOp.LimitK or AggregationOp.LimitRatio)
                {
                    ExpectType(agg.Param!, ExprType.Scalar, "aggregation parameter");
                }
                if (agg.Op == AggregationOp.CountValues) ExpectType(agg.Param!, ExprType.String, "aggregation parameter");
                break;
            case BinaryExpr bin:
                CheckBinary(bin);
                break;
            case Call call:
                CheckCall(call);
                break;
            case ParenExpr paren:
                Check(paren.Inner);
                break;
            case UnaryExpr unary:
            {
                var t = Check(unary.Operand);
                if (t is not (ExprType.Scalar or ExprType.Vector))
                {
                    addError(unary.Position, "unary expression only allowed on expressions of type scalar or instant vector, got " + GoQuote.Quote(Documented(t)));
                }
                break;
            }
            case SubqueryExpr sq:
            {
                var t = Check(sq.Inner);
                if (t != ExprType.Vector) addError(sq.Position, "subquery is only allowed on instant vector, got " + Plain(t) + " instead");
                break;
            }
            case MatrixSelector ms:
                Check(ms.Selector);
                break;
            case VectorSelector vs:
                CheckSelector(vs);
                break;
        }
        return typ;
    }

    private void ExpectType(Expr node, ExprType want, string context)
    {
        var t = Check(node);
        if (t != want) addError(node.Position, "expected type " + Documented(want) + " in " + context + ", got " + Documented(t));
    }

    private static bool IsComparison(BinaryOperator op) => op is BinaryOperator.Eql or BinaryOperator.Neq or BinaryOperator.Gtr
        or BinaryOperator.Lss or BinaryOperator.Gte or BinaryOperator.Lte;

    private static bool IsSetOperator(BinaryOperator op) => op is BinaryOperator.And or BinaryOperator.Or or BinaryOperator.Unless;

    /// <summary>Upstream names operators by their token text.</summary>
    public static string OperatorText(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => "+",
        BinaryOperator.Sub => "-",
        BinaryOperator.Mul => "*",
        BinaryOperator.Div => "/",
        BinaryOperator.Mod => "%",
        BinaryOperator.Pow => "^",
        BinaryOperator.Atan2 => "atan2",
        BinaryOperator.Eql => "==",
        BinaryOperator.Neq => "!=",
        BinaryOperator.Gtr => ">",
        BinaryOperator.Lss => "<",
        BinaryOperator.Gte => ">=",
        BinaryOperator.Lte => "<=",
        BinaryOperator.And => "and",
        BinaryOperator.Or => "or",
        BinaryOperator.TrimUpper => "</",
        BinaryOperator.TrimLower => ">/",
        _ => "unless",
    };

    private void CheckBinary(BinaryExpr n)
    {
        var lt = Check(n.Left);
        var rt = Check(n.Right);
        var vm = n.Matching;

        if (n.ReturnBool && !IsComparison(n.Op)) addError(OperatorRange(n), "bool modifier can only be used on comparison operators");
        if (IsComparison(n.Op) && !n.ReturnBool && n.Right.Type == ExprType.Scalar && n.Left.Type == ExprType.Scalar)
        {
            addError(OperatorRange(n), "comparisons between scalars must use BOOL modifier");
        }
        if (vm != null)
        {
            if (IsSetOperator(n.Op) && vm.Cardinality == VectorMatchCardinality.OneToOne) vm.Cardinality = VectorMatchCardinality.ManyToMany;
            if (vm.On)
            {
                foreach (var l1 in vm.MatchingLabels)
                {
                    foreach (var l2 in vm.Include)
                    {
                        if (l1 == l2) addError(OperatorRange(n), "label " + GoQuote.Quote(l1) + " must not occur in ON and GROUP clause at once");
                    }
                }
            }
        }
        if (lt is not (ExprType.Scalar or ExprType.Vector)) addError(n.Left.Position, "binary expression must contain only scalar and instant vector types");
        if (rt is not (ExprType.Scalar or ExprType.Vector)) addError(n.Right.Position, "binary expression must contain only scalar and instant vector types");

        bool fill = vm != null && (vm.FillLeft != null || vm.FillRight != null);
        if ((lt != ExprType.Vector || rt != ExprType.Vector) && vm != null)
        {
            if (vm.MatchingLabels.Count > 0) addError(n.Position, "vector matching only allowed between instant vectors");
            if (fill) addError(n.Position, "filling in missing series only allowed between instant vectors");
            n.Matching = null;
        }
        else if (IsSetOperator(n.Op) && vm != null)
        {
            if (vm.Cardinality is VectorMatchCardinality.OneToMany or VectorMatchCardinality.ManyToOne)
            {
                addError(n.Position, "no grouping allowed for " + GoQuote.Quote(OperatorText(n.Op)) + " operation");
            }
            if (vm.Cardinality != VectorMatchCardinality.ManyToMany) addError(n.Position, "set operations must always be many-to-many");
            if (fill) addError(n.Position, "filling in missing series not allowed for set operators");
        }
        if ((lt == ExprType.Scalar || rt == ExprType.Scalar) && IsSetOperator(n.Op))
        {
            addError(n.Position, "set operator " + GoQuote.Quote(OperatorText(n.Op)) + " not allowed in binary scalar expression");
        }
    }

    // The operator's span: from the end of the left operand to the start of the right one, trimmed of spaces.
    private PositionRange OperatorRange(BinaryExpr n)
    {
        int start = n.Left.Position.End;
        while (start < input.Length && Lexer.IsSpace(input[start])) start++;
        int end = n.Right.Position.Start - 1;
        while (end > start && Lexer.IsSpace(input[end])) end--;
        return new PositionRange(start, end);
    }

    private void CheckCall(Call n)
    {
        var f = n.Function;
        int nargs = f.ArgTypes.Length;
        string quotedName = GoQuote.Quote(f.Name);
        if (f.Variadic == 0)
        {
            if (nargs != n.Args.Count)
            {
                addError(n.Position, "expected " + nargs + " argument(s) in call to " + quotedName + ", got " + n.Args.Count);
            }
        }
        else
        {
            int na = nargs - 1;
            if (na > n.Args.Count)
            {
                addError(n.Position, "expected at least " + na + " argument(s) in call to " + quotedName + ", got " + n.Args.Count);
            }
            else if (f.Variadic > 0 && na + f.Variadic < n.Args.Count)
            {
                addError(n.Position, "expected at most " + (na + f.Variadic) + " argument(s) in call to " + quotedName + ", got " + n.Args.Count);
            }
        }

        if (f.Name == "info" && n.Args.Count > 1)
        {
            var second = n.Args[1];
            if (second.Type != ExprType.Vector)
            {
                addError(n.Position, "expected type " + Documented(ExprType.Vector) + " in call to function " + quotedName + ", got " + Documented(second.Type));
            }
            if (second is VectorSelector vs)
            {
                if (!string.IsNullOrEmpty(vs.Name)) addError(second.Position, "expected label selectors only, got vector selector instead");
                else vs.BypassEmptyMatcherCheck = true;
            }
            else
            {
                addError(second.Position, "expected label selectors only");
            }
        }

        for (int i = 0; i < n.Args.Count; i++)
        {
            int ti = i;
            if (i >= nargs)
            {
                if (f.Variadic == 0) break;
                ti = nargs - 1;
            }
            if (ti < 0) break;
            var t = Check(n.Args[i]);
            if (t != f.ArgTypes[ti])
            {
                addError(n.Args[i].Position, "expected type " + Documented(f.ArgTypes[ti]) + " in call to function " + quotedName + ", got " + Documented(t));
            }
        }
    }

    private void CheckSelector(VectorSelector n)
    {
        if (!string.IsNullOrEmpty(n.Name))
        {
            // The last matcher is the name given outside the braces; a __name__ among the others sets it twice.
            for (int i = 0; i < n.Matchers.Count - 1; i++)
            {
                var m = n.Matchers[i];
                if (m.Name == MetricNameLabel)
                {
                    addError(n.Position, "metric name must not be set twice: " + GoQuote.Quote(n.Name) + " or " + GoQuote.Quote(m.Value));
                }
            }
            return;
        }
        if (n.BypassEmptyMatcherCheck) return;
        foreach (var m in n.Matchers)
        {
            if (!m.MatchesEmpty) return;
        }
        addError(n.Position, "vector selector must contain at least one non-empty matcher");
    }
}
