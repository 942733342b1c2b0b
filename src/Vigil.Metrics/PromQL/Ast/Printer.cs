using System.Globalization;
using System.Text;
using Vigil.Metrics.GoText;
using Vigil.Metrics.PromQL.Parser;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.PromQL.Ast;

/// <summary>
/// Prints an AST back to PromQL (Prometheus <c>String()</c>, <c>promql/parser/printer.go</c>): one line, no
/// added parentheses (the tree keeps the user's <see cref="ParenExpr"/>s), matchers sorted, durations in
/// Prometheus notation, so parsing the output and printing again gives the same text. The pretty form for
/// format_query lives in <c>Printer.Pretty.cs</c>.
/// </summary>
public static partial class Printer
{
    /// <summary>One-line PromQL that parses back to the same tree.</summary>
    public static string Print(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        var sb = new StringBuilder(64);
        Write(sb, expr);
        return sb.ToString();
    }

    internal static void Write(StringBuilder sb, Expr expr)
    {
        switch (expr)
        {
            case AggregateExpr agg:
                WriteAggregateHead(sb, agg);
                sb.Append('(');
                if (agg.Param != null)
                {
                    Write(sb, agg.Param);
                    sb.Append(", ");
                }
                Write(sb, agg.Inner);
                sb.Append(')');
                break;
            case BinaryExpr bin:
                Write(sb, bin.Left);
                sb.Append(' ');
                WriteBinaryOperator(sb, bin);
                sb.Append(' ');
                Write(sb, bin.Right);
                break;
            case Call call:
                sb.Append(call.Function.Name).Append('(');
                for (int i = 0; i < call.Args.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    Write(sb, call.Args[i]);
                }
                sb.Append(')');
                break;
            case MatrixSelector ms:
                WriteSelectorCore(sb, ms.Selector);
                sb.Append('[');
                WriteDuration(sb, ms.RangeMs, ms.RangeExpr);
                sb.Append(']');
                WriteExtended(sb, ms.Selector);
                WriteAt(sb, ms.Selector.AtMs, ms.Selector.StartOrEnd);
                WriteOffset(sb, ms.Selector.OriginalOffsetMs, ms.Selector.OffsetExpr);
                break;
            case SubqueryExpr sq:
                Write(sb, sq.Inner);
                WriteSubquerySuffix(sb, sq);
                break;
            case NumberLiteral nl:
                WriteNumber(sb, nl);
                break;
            case ParenExpr paren:
                sb.Append('(');
                Write(sb, paren.Inner);
                sb.Append(')');
                break;
            case StringLiteral str:
                GoQuote.AppendQuoted(sb, str.Value);
                break;
            case UnaryExpr unary:
                sb.Append(unary.Negate ? '-' : '+');
                Write(sb, unary.Operand);
                break;
            case VectorSelector vs:
                WriteSelectorCore(sb, vs);
                WriteAt(sb, vs.AtMs, vs.StartOrEnd);
                WriteExtended(sb, vs);
                WriteOffset(sb, vs.OriginalOffsetMs, vs.OffsetExpr);
                break;
            case DurationExpr de:
                WriteDurationExpr(sb, de);
                break;
            default:
                throw new ArgumentException("unknown node type " + expr.GetType().Name, nameof(expr));
        }
    }

    /// <summary><c>sum by (a, b) </c>: the operator and its grouping, ready for the parenthesised arguments.</summary>
    internal static void WriteAggregateHead(StringBuilder sb, AggregateExpr agg)
    {
        sb.Append(AggregationName(agg.Op));
        if (agg.Without)
        {
            sb.Append(" without (");
            WriteLabels(sb, agg.Grouping);
            sb.Append(") ");
        }
        else if (agg.Grouping.Count > 0)
        {
            sb.Append(" by (");
            WriteLabels(sb, agg.Grouping);
            sb.Append(") ");
        }
    }

    public static string AggregationName(AggregationOp op) => op switch
    {
        AggregationOp.Sum => "sum",
        AggregationOp.Avg => "avg",
        AggregationOp.Count => "count",
        AggregationOp.Min => "min",
        AggregationOp.Max => "max",
        AggregationOp.Group => "group",
        AggregationOp.Stddev => "stddev",
        AggregationOp.Stdvar => "stdvar",
        AggregationOp.TopK => "topk",
        AggregationOp.BottomK => "bottomk",
        AggregationOp.CountValues => "count_values",
        AggregationOp.Quantile => "quantile",
        AggregationOp.LimitK => "limitk",
        _ => "limit_ratio",
    };

    public static string OperatorName(BinaryOperator op) => TypeChecker.OperatorText(op);

    /// <summary>The operator with <c>bool</c>, <c>on/ignoring</c>, <c>group_x</c> and <c>fill</c> modifiers (upstream ShortString).</summary>
    internal static void WriteBinaryOperator(StringBuilder sb, BinaryExpr bin)
    {
        sb.Append(OperatorName(bin.Op));
        if (bin.ReturnBool) sb.Append(" bool");
        var vm = bin.Matching;
        if (vm == null) return;
        bool grouped = vm.Cardinality is VectorMatchCardinality.ManyToOne or VectorMatchCardinality.OneToMany;
        if (vm.MatchingLabels.Count > 0 || vm.On || grouped)
        {
            sb.Append(vm.On ? " on (" : " ignoring (");
            WriteLabels(sb, vm.MatchingLabels);
            sb.Append(')');
        }
        if (grouped)
        {
            sb.Append(vm.Cardinality == VectorMatchCardinality.ManyToOne ? " group_left (" : " group_right (");
            WriteLabels(sb, vm.Include);
            sb.Append(')');
        }
        if (vm.FillLeft is { } l && vm.FillRight is { } r && (l.Equals(r)))
        {
            sb.Append(" fill (").Append(GoFloatFormat.FormatG(l)).Append(')');
        }
        else
        {
            if (vm.FillLeft is { } fl) sb.Append(" fill_left (").Append(GoFloatFormat.FormatG(fl)).Append(')');
            if (vm.FillRight is { } fr) sb.Append(" fill_right (").Append(GoFloatFormat.FormatG(fr)).Append(')');
        }
    }

    internal static void WriteLabels(StringBuilder sb, IReadOnlyList<string> labels)
    {
        for (int i = 0; i < labels.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            if (IsLegacyLabelName(labels[i])) sb.Append(labels[i]);
            else GoQuote.AppendQuoted(sb, labels[i]);
        }
    }

    private static bool IsLegacyLabelName(string s)
    {
        if (s.Length == 0) return false;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '_' || char.IsAsciiLetter(c) || (i > 0 && char.IsAsciiDigit(c))) continue;
            return false;
        }
        return true;
    }

    internal static void WriteSubquerySuffix(StringBuilder sb, SubqueryExpr sq)
    {
        sb.Append('[');
        WriteDuration(sb, sq.RangeMs, sq.RangeExpr);
        sb.Append(':');
        if (sq.StepMs != 0) WriteDurationMs(sb, sq.StepMs);
        else if (sq.StepExpr != null) WriteDurationExpr(sb, sq.StepExpr);
        sb.Append(']');
        WriteAt(sb, sq.AtMs, sq.StartOrEnd);
        WriteOffset(sb, sq.OriginalOffsetMs, sq.OffsetExpr);
    }

    private static void WriteNumber(StringBuilder sb, NumberLiteral nl)
    {
        if (nl.IsDuration && double.IsFinite(nl.Value))
        {
            long ms = (long)Math.Round(nl.Value * 1000, MidpointRounding.AwayFromZero);
            if (ms < 0)
            {
                sb.Append('-');
                ms = -ms;
            }
            WriteDurationMs(sb, ms);
            return;
        }
        sb.Append(GoFloatFormat.FormatF(nl.Value));
    }

    /// <summary>The selector without modifiers: name and sorted matchers (the name matcher left out).</summary>
    internal static void WriteSelectorCore(StringBuilder sb, VectorSelector vs)
    {
        var strings = new List<string>(vs.Matchers.Count);
        foreach (var m in vs.Matchers)
        {
            if (m.Name == "__name__" && m.Type == MatcherType.Equal && m.Value == vs.Name && m.Value.Length > 0) continue;
            strings.Add(MatcherText(m));
        }
        sb.Append(vs.Name);
        if (strings.Count > 0)
        {
            strings.Sort(StringComparer.Ordinal);
            sb.Append('{').AppendJoin(',', strings).Append('}');
        }
        else if (string.IsNullOrEmpty(vs.Name))
        {
            sb.Append("{}");
        }
    }

    /// <summary>Upstream <c>labels.Matcher.String()</c>: the name quoted unless it is a legacy label name.</summary>
    public static string MatcherText(Matcher m)
    {
        var sb = new StringBuilder();
        if (IsLegacyLabelName(m.Name)) sb.Append(m.Name);
        else GoQuote.AppendQuoted(sb, m.Name);
        sb.Append(m.Type switch { MatcherType.Equal => "=", MatcherType.NotEqual => "!=", MatcherType.Regex => "=~", _ => "!~" });
        GoQuote.AppendQuoted(sb, m.Value);
        return sb.ToString();
    }

    private static void WriteExtended(StringBuilder sb, VectorSelector vs)
    {
        if (vs.Anchored) sb.Append(" anchored");
        else if (vs.Smoothed) sb.Append(" smoothed");
    }

    private static void WriteAt(StringBuilder sb, long? atMs, AtModifier startOrEnd)
    {
        if (atMs is { } at) sb.Append(" @ ").Append((at / 1000.0).ToString("F3", CultureInfo.InvariantCulture));
        else if (startOrEnd == AtModifier.Start) sb.Append(" @ start()");
        else if (startOrEnd == AtModifier.End) sb.Append(" @ end()");
    }

    private static void WriteOffset(StringBuilder sb, long offsetMs, DurationExpr? expr)
    {
        if (expr != null)
        {
            sb.Append(" offset ");
            WriteDurationExpr(sb, expr);
        }
        else if (offsetMs > 0)
        {
            sb.Append(" offset ");
            WriteDurationMs(sb, offsetMs);
        }
        else if (offsetMs < 0)
        {
            sb.Append(" offset -");
            WriteDurationMs(sb, -offsetMs);
        }
    }

    private static void WriteDuration(StringBuilder sb, long ms, DurationExpr? expr)
    {
        if (expr != null) WriteDurationExpr(sb, expr);
        else WriteDurationMs(sb, ms);
    }

    internal static void WriteDurationExpr(StringBuilder sb, DurationExpr de)
    {
        if (de.Wrapped) sb.Append('(');
        switch (de.Op)
        {
            case DurationOp.Step:
                sb.Append("step()");
                break;
            case DurationOp.Range:
                sb.Append("range()");
                break;
            case DurationOp.MinOf or DurationOp.MaxOf:
                sb.Append(de.Op == DurationOp.MinOf ? "min_of(" : "max_of(");
                Write(sb, de.Left!);
                sb.Append(", ");
                Write(sb, de.Right!);
                sb.Append(')');
                break;
            case DurationOp.Negate:
                sb.Append('-');
                Write(sb, de.Right!);
                break;
            default:
                if (de.Left == null)
                {
                    Write(sb, de.Right!);
                    break;
                }
                Write(sb, de.Left);
                sb.Append(de.Op switch
                {
                    DurationOp.Add => " + ",
                    DurationOp.Sub => " - ",
                    DurationOp.Mul => " * ",
                    DurationOp.Div => " / ",
                    DurationOp.Mod => " % ",
                    _ => " ^ ",
                });
                Write(sb, de.Right!);
                break;
        }
        if (de.Wrapped) sb.Append(')');
    }

    /// <summary>Prometheus <c>model.Duration.String()</c>: <c>1h30m</c>, <c>90d</c>, <c>0s</c>; y and w only when exact.</summary>
    public static void WriteDurationMs(StringBuilder sb, long ms)
    {
        if (ms == 0)
        {
            sb.Append("0s");
            return;
        }
        Unit("y", 1000L * 60 * 60 * 24 * 365, true);
        Unit("w", 1000L * 60 * 60 * 24 * 7, true);
        Unit("d", 1000L * 60 * 60 * 24, false);
        Unit("h", 1000L * 60 * 60, false);
        Unit("m", 1000L * 60, false);
        Unit("s", 1000, false);
        Unit("ms", 1, false);

        void Unit(string unit, long mult, bool exact)
        {
            if (exact && ms % mult != 0) return;
            long v = ms / mult;
            if (v > 0)
            {
                sb.Append(v.ToString(CultureInfo.InvariantCulture)).Append(unit);
                ms -= v * mult;
            }
        }
    }

    public static string FormatDuration(long ms)
    {
        var sb = new StringBuilder();
        WriteDurationMs(sb, ms);
        return sb.ToString();
    }
}
