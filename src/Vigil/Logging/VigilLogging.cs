using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Vigil.Configuration;

namespace Vigil.Logging;

/// <summary>Builds the process's one logger factory: every line to stderr, logfmt or JSON, at the configured level.</summary>
internal static class VigilLogging
{
    public static ILoggerFactory Create(LogConfig config)
    {
        var level = config.Level switch
        {
            LogLevelName.Debug => LogLevel.Debug,
            LogLevelName.Warn => LogLevel.Warning,
            LogLevelName.Error => LogLevel.Error,
            _ => LogLevel.Information,
        };
        return LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(level);
            // ASP.NET Core and gRPC internals are noisy at info; their warnings still show.
            builder.AddFilter("Microsoft", level > LogLevel.Warning ? level : LogLevel.Warning);
            builder.AddFilter("Grpc", level > LogLevel.Warning ? level : LogLevel.Warning);
            // The generic host logs start failures with a stack trace; Vigil reports them itself, in one line.
            builder.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
            builder.AddConsole(options =>
            {
                options.LogToStandardErrorThreshold = LogLevel.Trace;
                options.FormatterName = config.Format == LogFormat.Json ? ConsoleFormatterNames.Json : LogfmtFormatter.FormatterName;
            });
            builder.AddConsoleFormatter<LogfmtFormatter, ConsoleFormatterOptions>();
            // Not AddJsonConsole: it would also make JSON the chosen formatter.
            builder.Services.Configure<JsonConsoleFormatterOptions>(options =>
            {
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                options.UseUtcTimestamp = true;
            });
        });
    }
}
