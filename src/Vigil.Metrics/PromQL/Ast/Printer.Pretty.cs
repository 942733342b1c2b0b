using System.Text;

namespace Vigil.Metrics.PromQL.Ast;

/// <summary>
/// The multi-line form /api/v1/format_query returns (upstream <c>promql/parser/prettier.go</c>): a node whose
/// one-line form is longer than 100 bytes is split, its children one level (two spaces) deeper. Binary
/// operands go on their own lines around the operator; calls, aggregations and parentheses put their
/// arguments on separate lines; selectors and literals are never split.
/// </summary>
public static partial class Printer
{
    /// <summary>Upstream's <c>maxCharactersPerLine</c>.</summary>
    public const int PrettyLineWidth = 100;

    private const string Indent = "  ";

    /// <summary>Pretty-prints as format_query does.</summary>
    public static string Pretty(Expr expr) => Pretty(expr, PrettyLineWidth);

    /// <summary>Pretty-prints with another line width (upstream's tests use 10).</summary>
    public static string Pretty(Expr expr, int maxWidth)
    {
        ArgumentNullException.ThrowIfNull(expr);
        return Pretty(expr, 0, maxWidth);
    }

    private static string Pretty(Expr e, int level, int width)
    {
        switch (e)
        {
            case AggregateExpr agg:
            {
                if (!NeedsSplit(e, width)) return Pad(level) + Print(e);
                var sb = new StringBuilder(Pad(level));
                WriteAggregateHead(sb, agg);
                sb.Append("(\n");
                if (agg.Param != null) sb.Append(Pretty(agg.Param, level + 1, width)).Append(",\n");
                sb.Append(Pretty(agg.Inner, level + 1, width)).Append('\n').Append(Pad(level)).Append(')');
                return sb.ToString();
            }
            case BinaryExpr bin:
            {
                if (!NeedsSplit(e, width)) return Pad(level) + Print(e);
                var sb = new StringBuilder();
                sb.Append(Pretty(bin.Left, level + 1, width)).Append('\n').Append(Pad(level));
                WriteBinaryOperator(sb, bin);
                sb.Append('\n').Append(Pretty(bin.Right, level + 1, width));
                return sb.ToString();
            }
            case Call call:
            {
                if (!NeedsSplit(e, width)) return Pad(level) + Print(e);
                var sb = new StringBuilder(Pad(level)).Append(call.Function.Name).Append("(\n");
                for (int i = 0; i < call.Args.Count; i++)
                {
                    if (i > 0) sb.Append(",\n");
                    sb.Append(Pretty(call.Args[i], level + 1, width));
                }
                sb.Append('\n').Append(Pad(level)).Append(')');
                return sb.ToString();
            }
            case ParenExpr paren:
                if (!NeedsSplit(e, width)) return Pad(level) + Print(e);
                return Pad(level) + "(\n" + Pretty(paren.Inner, level + 1, width) + "\n" + Pad(level) + ")";
            case SubqueryExpr sq:
            {
                // As upstream: an unsplit subquery is not indented.
                if (!NeedsSplit(e, width)) return Print(e);
                var sb = new StringBuilder(Pretty(sq.Inner, level, width));
                WriteSubquerySuffix(sb, sq);
                return sb.ToString();
            }
            case UnaryExpr unary:
                return Pad(level) + (unary.Negate ? "-" : "+") + Pretty(unary.Operand, level, width).Trim();
            default:
                return Pad(level) + Print(e);
        }
    }

    private static bool NeedsSplit(Expr e, int width) => Encoding.UTF8.GetByteCount(Print(e)) > width;

    private static string Pad(int level) => level == 0 ? "" : string.Concat(Enumerable.Repeat(Indent, level));
}
