using System.Globalization;
using System.Text;
using Vigil.Metrics.GoText;
using Vigil.Otlp.Model;

namespace Vigil.Metrics.Ingest.Otlp;

/// <summary>
/// An attribute value as a label value: pdata's <c>Value.AsString</c>, which Prometheus' translator uses
/// (go.opentelemetry.io/collector/pdata/pcommon/value.go). Strings as they are, bools <c>true</c>/<c>false</c>,
/// ints in decimal, doubles ES6-style, bytes as standard base64, arrays and maps as the JSON
/// <c>encoding/json</c> writes (map keys sorted, HTML characters escaped); a value JSON cannot hold (NaN,
/// ±Inf inside an array or map) gives "" as Go's ignored Marshal error does.
/// </summary>
internal static class AttributeText
{
    public static string AsString(in AnyValue value)
    {
        switch (value.Kind)
        {
            case AnyValueKind.String: return value.StringValue;
            case AnyValueKind.Bool: return value.BoolValue ? "true" : "false";
            case AnyValueKind.Int: return value.IntValue.ToString(CultureInfo.InvariantCulture);
            case AnyValueKind.Double:
            {
                double d = value.DoubleValue;
                if (!double.IsFinite(d)) return "json: unsupported value: " + GoFloatFormat.FormatG(d);
                var sb = new StringBuilder(24);
                GoFloatFormat.TryAppendEs6(sb, d);
                return sb.ToString();
            }
            case AnyValueKind.Bytes: return Convert.ToBase64String(value.BytesValue);
            case AnyValueKind.Array:
            case AnyValueKind.KeyValueList:
            {
                var sb = new StringBuilder(64);
                return AppendJson(sb, value, 0) ? sb.ToString() : "";
            }
            default: return "";
        }
    }

    // Depth guard: a hostile nesting must not overflow the stack (the decoders already limit depth; this is a backstop).
    private const int MaxDepth = 64;

    private static bool AppendJson(StringBuilder sb, in AnyValue value, int depth)
    {
        if (depth > MaxDepth) return false;
        switch (value.Kind)
        {
            case AnyValueKind.Empty: sb.Append("null"); return true;
            case AnyValueKind.String: AppendJsonString(sb, value.StringValue); return true;
            case AnyValueKind.Bool: sb.Append(value.BoolValue ? "true" : "false"); return true;
            case AnyValueKind.Int: sb.Append(value.IntValue.ToString(CultureInfo.InvariantCulture)); return true;
            case AnyValueKind.Double: return GoFloatFormat.TryAppendEs6(sb, value.DoubleValue);
            case AnyValueKind.Bytes: sb.Append('"').Append(Convert.ToBase64String(value.BytesValue)).Append('"'); return true;
            case AnyValueKind.Array:
            {
                sb.Append('[');
                var items = value.ArrayValue;
                for (int i = 0; i < items.Length; i++)
                {
                    if (i > 0) sb.Append(',');
                    if (!AppendJson(sb, items[i], depth + 1)) return false;
                }
                sb.Append(']');
                return true;
            }
            case AnyValueKind.KeyValueList:
            {
                // AsRaw builds a Go map (a repeated key keeps its last value); json.Marshal sorts map keys.
                var entries = new SortedDictionary<string, AnyValue>(StringComparer.Ordinal);
                foreach (var kv in value.KeyValueListValue) entries[kv.Key] = kv.Value;
                sb.Append('{');
                bool first = true;
                foreach (var (key, item) in entries)
                {
                    if (!first) sb.Append(',');
                    first = false;
                    AppendJsonString(sb, key);
                    sb.Append(':');
                    if (!AppendJson(sb, item, depth + 1)) return false;
                }
                sb.Append('}');
                return true;
            }
            default: sb.Append("null"); return true;
        }
    }

    /// <summary>encoding/json string escaping with HTML escaping on (the Marshal default).</summary>
    private static void AppendJsonString(StringBuilder sb, string s)
    {
        const string hex = "0123456789abcdef";
        sb.Append('"');
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029':
                    sb.Append("\\u").Append(hex[(c >> 12) & 0xF]).Append(hex[(c >> 8) & 0xF]).Append(hex[(c >> 4) & 0xF]).Append(hex[c & 0xF]);
                    break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u00").Append(hex[c >> 4]).Append(hex[c & 0xF]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        // Go replaces invalid UTF-8 with U+FFFD; a lone surrogate is the UTF-16 equivalent.
                        if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) sb.Append(c).Append(s[++i]);
                        else sb.Append('\uFFFD');
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }
}
