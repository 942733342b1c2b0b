using System.Text;
using Vigil.Metrics.GoText;
using Vigil.Metrics.Model;

namespace Vigil.Metrics.Ingest.Otlp;

/// <summary>
/// Prometheus text exposition format 0.0.4 pieces as Go's expfmt writes them (text_create.go): HELP
/// escaping (<c>\\</c>, <c>\n</c>), label value escaping (also <c>\"</c>), and sample values with
/// <c>strconv.FormatFloat(v, 'g', -1, 64)</c> apart from the exact shortcuts 1, 0, -1, NaN, +Inf, -Inf.
/// </summary>
internal static class PrometheusText
{
    public static void AppendHelp(StringBuilder sb, string name, string help)
    {
        sb.Append("# HELP ").Append(name).Append(' ');
        foreach (char c in help)
        {
            if (c == '\\') sb.Append("\\\\");
            else if (c == '\n') sb.Append("\\n");
            else sb.Append(c);
        }
        sb.Append('\n');
    }

    /// <summary><c># TYPE</c>; text 0.0.4 calls an unknown type <c>untyped</c>.</summary>
    public static void AppendType(StringBuilder sb, string name, MetricType type)
    {
        string text = type switch
        {
            MetricType.Counter => "counter",
            MetricType.Gauge => "gauge",
            MetricType.Histogram => "histogram",
            MetricType.Summary => "summary",
            _ => "untyped",
        };
        sb.Append("# TYPE ").Append(name).Append(' ').Append(text).Append('\n');
    }

    /// <summary>
    /// One sample line without timestamp. Labels in name order except <c>le</c>/<c>quantile</c>, which
    /// client libraries write last.
    /// </summary>
    public static void AppendSample(StringBuilder sb, Labels labels, double value)
    {
        sb.Append(labels.Name);
        bool open = false;
        string? trailing = null;
        foreach (var label in labels.AsSpan())
        {
            if (label.Name == Labels.MetricName) continue;
            if (label.Name is "le" or "quantile")
            {
                trailing = label.Name;
                continue;
            }
            AppendPair(sb, ref open, label.Name, label.Value);
        }
        if (trailing is not null) AppendPair(sb, ref open, trailing, labels.Get(trailing));
        if (open) sb.Append('}');
        sb.Append(' ');
        AppendValue(sb, value);
        sb.Append('\n');
    }

    public static void AppendValue(StringBuilder sb, double value)
    {
        if (value == 1) sb.Append('1');
        else if (value == 0) sb.Append('0');
        else if (value == -1) sb.Append("-1");
        else GoFloatFormat.AppendG(sb, value);
    }

    /// <summary>
    /// One <c>name="value"</c> pair of a series in the text exposition format, led by <c>{</c> for the first
    /// pair and <c>,</c> after that (value escaping as expfmt: backslash, quote, newline).
    /// </summary>
    public static void AppendPair(StringBuilder sb, ref bool open, string name, string value)
    {
        sb.Append(open ? ',' : '{');
        open = true;
        sb.Append(name).Append("=\"");
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append("\\n"); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }
}
