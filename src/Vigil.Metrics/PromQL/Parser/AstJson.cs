using System.Globalization;
using System.Text;
using System.Text.Json;
using Vigil.Metrics.GoText;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.PromQL.Parser;

/// <summary>
/// The JSON tree /api/v1/parse_query returns (upstream <c>web/api/v1/translate_ast.go</c>). Upstream builds Go
/// maps, so keys come out sorted; strings are escaped as Go's encoding/json does (<c>&lt; &gt; &amp;</c> as
/// <c>\u003c</c>..., other non-ASCII kept), written raw so the writer's own encoder does not change them.
/// </summary>
public static class AstJson
{
    public static void Write(Utf8JsonWriter w, Expr expr)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(expr);
        WriteNode(w, expr);
    }

    private static void WriteNode(Utf8JsonWriter w, Expr? node)
    {
        switch (node)
        {
            case null:
                w.WriteNullValue();
                return;
            case AggregateExpr agg:
                w.WriteStartObject();
                w.WritePropertyName("expr");
                WriteNode(w, agg.Inner);
                w.WritePropertyName("grouping");
                WriteStrings(w, agg.Grouping);
                Str(w, "op", Printer.AggregationName(agg.Op));
                w.WritePropertyName("param");
                WriteNode(w, agg.Param);
                Str(w, "type", "aggregation");
                w.WriteBoolean("without", agg.Without);
                w.WriteEndObject();
                return;
            case BinaryExpr bin:
                w.WriteStartObject();
                w.WriteBoolean("bool", bin.ReturnBool);
                w.WritePropertyName("lhs");
                WriteNode(w, bin.Left);
                w.WritePropertyName("matching");
                WriteMatching(w, bin.Matching);
                Str(w, "op", Printer.OperatorName(bin.Op));
                w.WritePropertyName("rhs");
                WriteNode(w, bin.Right);
                Str(w, "type", "binaryExpr");
                w.WriteEndObject();
                return;
            case Call call:
                w.WriteStartObject();
                w.WritePropertyName("args");
                w.WriteStartArray();
                foreach (var a in call.Args) WriteNode(w, a);
                w.WriteEndArray();
                w.WritePropertyName("func");
                w.WriteStartObject();
                w.WritePropertyName("argTypes");
                w.WriteStartArray();
                foreach (var t in call.Function.ArgTypes) w.WriteStringValue(TypeName(t));
                w.WriteEndArray();
                Str(w, "name", call.Function.Name);
                Str(w, "returnType", TypeName(call.Function.ReturnType));
                w.WriteNumber("variadic", call.Function.Variadic);
                w.WriteEndObject();
                Str(w, "type", "call");
                w.WriteEndObject();
                return;
            case MatrixSelector ms:
                WriteSelector(w, ms.Selector, ms.RangeMs);
                return;
            case SubqueryExpr sq:
                w.WriteStartObject();
                w.WriteBoolean("alignEvalTime", false);
                w.WritePropertyName("expr");
                WriteNode(w, sq.Inner);
                w.WriteNumber("offset", sq.OriginalOffsetMs);
                w.WriteNumber("range", sq.RangeMs);
                WriteStartOrEnd(w, sq.StartOrEnd);
                w.WriteNumber("step", sq.StepMs);
                WriteTimestamp(w, sq.AtMs);
                Str(w, "type", "subquery");
                w.WriteEndObject();
                return;
            case NumberLiteral nl:
                w.WriteStartObject();
                Str(w, "type", "numberLiteral");
                Str(w, "val", GoFloatFormat.FormatF(nl.Value));
                w.WriteEndObject();
                return;
            case ParenExpr paren:
                w.WriteStartObject();
                w.WritePropertyName("expr");
                WriteNode(w, paren.Inner);
                Str(w, "type", "parenExpr");
                w.WriteEndObject();
                return;
            case StringLiteral str:
                w.WriteStartObject();
                Str(w, "type", "stringLiteral");
                Str(w, "val", str.Value);
                w.WriteEndObject();
                return;
            case UnaryExpr unary:
                w.WriteStartObject();
                w.WritePropertyName("expr");
                WriteNode(w, unary.Operand);
                Str(w, "op", unary.Negate ? "-" : "+");
                Str(w, "type", "unaryExpr");
                w.WriteEndObject();
                return;
            case VectorSelector vs:
                WriteSelector(w, vs, null);
                return;
            default:
                // Duration expressions only occur inside selectors, which upstream does not translate either.
                w.WriteNullValue();
                return;
        }
    }

    // A matrix selector is its vector selector's fields plus "range" (keys in upstream's alphabetical order).
    private static void WriteSelector(Utf8JsonWriter w, VectorSelector vs, long? rangeMs)
    {
        w.WriteStartObject();
        w.WriteBoolean("anchored", vs.Anchored);
        w.WritePropertyName("matchers");
        WriteMatchers(w, vs.Matchers);
        Str(w, "name", vs.Name ?? "");
        w.WriteNumber("offset", vs.OriginalOffsetMs);
        if (rangeMs is { } range) w.WriteNumber("range", range);
        w.WriteBoolean("smoothed", vs.Smoothed);
        WriteStartOrEnd(w, vs.StartOrEnd);
        WriteTimestamp(w, vs.AtMs);
        Str(w, "type", rangeMs is null ? "vectorSelector" : "matrixSelector");
        w.WriteEndObject();
    }

    private static void WriteMatching(Utf8JsonWriter w, VectorMatching? m)
    {
        if (m == null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartObject();
        Str(w, "card", m.Cardinality switch
        {
            VectorMatchCardinality.OneToOne => "one-to-one",
            VectorMatchCardinality.ManyToOne => "many-to-one",
            VectorMatchCardinality.OneToMany => "one-to-many",
            _ => "many-to-many",
        });
        w.WritePropertyName("fillValues");
        w.WriteStartObject();
        WriteFloat(w, "lhs", m.FillLeft);
        WriteFloat(w, "rhs", m.FillRight);
        w.WriteEndObject();
        w.WritePropertyName("include");
        WriteStrings(w, m.Include);
        w.WritePropertyName("labels");
        WriteStrings(w, m.MatchingLabels);
        w.WriteBoolean("on", m.On);
        w.WriteEndObject();
    }

    // Go's encoding/json cannot encode NaN or ±Inf (upstream fails the response); they are written as null.
    private static void WriteFloat(Utf8JsonWriter w, string name, double? v)
    {
        w.WritePropertyName(name);
        var sb = new StringBuilder();
        if (v is { } d && GoFloatFormat.TryAppendEs6(sb, d)) w.WriteRawValue(sb.ToString(), skipInputValidation: true);
        else w.WriteNullValue();
    }

    private static void WriteMatchers(Utf8JsonWriter w, IReadOnlyList<Matcher> matchers)
    {
        w.WriteStartArray();
        foreach (var m in matchers)
        {
            w.WriteStartObject();
            Str(w, "name", m.Name);
            Str(w, "type", m.Type switch { MatcherType.Equal => "=", MatcherType.NotEqual => "!=", MatcherType.Regex => "=~", _ => "!~" });
            Str(w, "value", m.Value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter w, IReadOnlyList<string> values)
    {
        w.WriteStartArray();
        foreach (var v in values) w.WriteRawValue(GoJsonString(v), skipInputValidation: true);
        w.WriteEndArray();
    }

    private static void WriteStartOrEnd(Utf8JsonWriter w, AtModifier m)
    {
        w.WritePropertyName("startOrEnd");
        if (m == AtModifier.None) w.WriteNullValue();
        else w.WriteStringValue(m == AtModifier.Start ? "start" : "end");
    }

    private static void WriteTimestamp(Utf8JsonWriter w, long? atMs)
    {
        w.WritePropertyName("timestamp");
        if (atMs is { } t) w.WriteNumberValue(t);
        else w.WriteNullValue();
    }

    private static string TypeName(ExprType t) => t switch
    {
        ExprType.Vector => "vector",
        ExprType.Matrix => "matrix",
        ExprType.Scalar => "scalar",
        ExprType.String => "string",
        _ => "none",
    };

    private static void Str(Utf8JsonWriter w, string name, string value)
    {
        w.WritePropertyName(name);
        w.WriteRawValue(GoJsonString(value), skipInputValidation: true);
    }

    /// <summary>A JSON string literal escaped as Go's encoding/json escapes it (HTML-safe).</summary>
    internal static string GoJsonString(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); continue;
                case '\\': sb.Append("\\\\"); continue;
                case '\b': sb.Append("\\b"); continue;
                case '\f': sb.Append("\\f"); continue;
                case '\n': sb.Append("\\n"); continue;
                case '\r': sb.Append("\\r"); continue;
                case '\t': sb.Append("\\t"); continue;
                case '<' or '>' or '&' or '\u2028' or '\u2029':
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    continue;
            }
            if (c < 0x20)
            {
                sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                sb.Append(c).Append(s[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                sb.Append("\\ufffd");
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.Append('"').ToString();
    }
}
