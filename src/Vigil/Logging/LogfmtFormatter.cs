using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Vigil.Logging;

/// <summary>
/// One logfmt line per event, as Prometheus and Loki log: <c>ts=... level=info logger=... msg="..." key=value</c>.
/// Structured values of the message template become keys (snake_case). Exceptions add <c>err="Type: message"</c>;
/// a stack trace is added only at debug level, on the same line, because expected errors must not print stacks.
/// </summary>
internal sealed class LogfmtFormatter : ConsoleFormatter
{
    public const string FormatterName = "logfmt";

    public LogfmtFormatter() : base(FormatterName) { }

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        string message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        var line = new StringBuilder(128);
        line.Append("ts=").Append(DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        line.Append(" level=").Append(Level(logEntry.LogLevel));
        line.Append(" logger=").Append(ShortCategory(logEntry.Category));
        line.Append(" msg=");
        AppendValue(line, message);
        if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> properties)
        {
            string template = string.Empty;
            foreach (var (key, value) in properties)
            {
                if (key == "{OriginalFormat}") template = value as string ?? string.Empty;
            }
            foreach (var (key, value) in properties)
            {
                // Values already in the message are not repeated as fields.
                if (key == "{OriginalFormat}" || template.Contains("{" + key + "}", StringComparison.Ordinal))
                {
                    continue;
                }
                line.Append(' ').Append(SnakeCase(key)).Append('=');
                AppendValue(line, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
            }
        }
        if (logEntry.Exception is { } exception)
        {
            line.Append(" err=");
            AppendValue(line, $"{exception.GetType().Name}: {exception.Message}");
            if (logEntry.LogLevel <= LogLevel.Debug || logEntry.LogLevel >= LogLevel.Critical)
            {
                line.Append(" stack=");
                AppendValue(line, exception.ToString());
            }
        }
        line.Append('\n');
        textWriter.Write(line.ToString());
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        LogLevel.Critical => "fatal",
        _ => "none",
    };

    /// <summary>Drops the namespace of Vigil's own categories (Vigil.Collector.Pipeline.TelemetryPipeline -> TelemetryPipeline).</summary>
    private static string ShortCategory(string category)
    {
        if (category.StartsWith("Vigil", StringComparison.Ordinal))
        {
            int dot = category.LastIndexOf('.');
            return dot >= 0 ? category[(dot + 1)..] : category;
        }
        return category;
    }

    internal static void AppendValue(StringBuilder line, string value)
    {
        bool quote = value.Length == 0;
        foreach (char c in value)
        {
            if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c > '~')
            {
                quote = true;
                break;
            }
        }
        if (!quote)
        {
            line.Append(value);
            return;
        }
        line.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': line.Append("\\\""); break;
                case '\\': line.Append("\\\\"); break;
                case '\n': line.Append("\\n"); break;
                case '\r': line.Append("\\r"); break;
                case '\t': line.Append("\\t"); break;
                default:
                    if (c < ' ') line.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else line.Append(c);
                    break;
            }
        }
        line.Append('"');
    }

    private static string SnakeCase(string key)
    {
        var sb = new StringBuilder(key.Length + 4);
        for (int i = 0; i < key.Length; i++)
        {
            char c = key[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && !char.IsUpper(key[i - 1])) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}
