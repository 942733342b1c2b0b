using Vigil.Configuration;

namespace Vigil.Cli;

internal enum CliCommand
{
    Serve,
    CheckConfig,
    Help,
    Version,
}

/// <summary>
/// The parsed command line. Flags are either named shortcuts (<c>--data-dir</c>, <c>--otlp-grpc-port</c>,
/// see <see cref="Aliases"/>) or any config key written as a flag (<c>--collector.batch.timeout=1s</c>);
/// both become <see cref="ConfigOverride"/>s. Environment variables <c>VIGIL_&lt;KEY&gt;</c> (dots as
/// <c>__</c>) do the same with lower precedence.
/// </summary>
internal sealed class CommandLine
{
    /// <summary>Shortcut flag -> config key path.</summary>
    public static readonly IReadOnlyDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["data-dir"] = "data_dir",
        ["role"] = "roles",
        ["listen-address"] = "listen_address",
        ["shutdown-timeout"] = "shutdown_timeout",
        ["log-level"] = "log.level",
        ["log-format"] = "log.format",
        ["otlp-grpc-port"] = "collector.otlp.grpc.port",
        ["otlp-http-port"] = "collector.otlp.http.port",
        ["collector-metrics-port"] = "collector.telemetry.port",
        ["prometheus-port"] = "metrics.port",
        ["metrics-port"] = "metrics.port",
        ["loki-port"] = "logs.port",
        ["tempo-port"] = "traces.port",
        ["ui-port"] = "ui.port",
        ["demo-port"] = "demo.port",
        // Prometheus's own flag names, so its users' habits work.
        ["retention.time"] = "metrics.storage.retention_time",
        ["retention.size"] = "metrics.storage.retention_size",
        ["storage.tsdb.retention.time"] = "metrics.storage.retention_time",
        ["storage.tsdb.retention.size"] = "metrics.storage.retention_size",
        ["config.file"] = "metrics.config_file",
        ["query.timeout"] = "metrics.query.timeout",
        ["query.max-samples"] = "metrics.query.max_samples",
        ["query.lookback-delta"] = "metrics.query.lookback_delta",
        ["query.max-concurrency"] = "metrics.query.max_concurrency",
    };

    /// <summary>Prometheus's boolean flags, given without a value.</summary>
    private static readonly Dictionary<string, string> SwitchAliases = new(StringComparer.Ordinal)
    {
        ["web.enable-admin-api"] = "metrics.enable_admin_api",
        ["web.enable-lifecycle"] = "metrics.enable_lifecycle",
    };

    public CliCommand Command { get; private set; } = CliCommand.Serve;

    public string? ConfigFile { get; private set; }

    /// <summary>The file argument of <c>check-config</c>.</summary>
    public string? CheckFile { get; private set; }

    public List<ConfigOverride> Overrides { get; } = [];

    public List<string> Errors { get; } = [];

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var result = new CommandLine();
        var leafKeys = ConfigBinder.LeafKeys(typeof(VigilConfig)).Select(k => k.Path).ToHashSet(StringComparer.Ordinal);
        var values = new Dictionary<string, (List<string> Values, string Source)>(StringComparer.Ordinal);
        var order = new List<string>();
        bool commandSeen = false;

        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg is "--help" or "-h" or "help")
            {
                result.Command = CliCommand.Help;
                return result;
            }
            if (arg is "--version" or "version")
            {
                result.Command = CliCommand.Version;
                return result;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (!commandSeen && arg == "serve")
                {
                    commandSeen = true;
                }
                else if (!commandSeen && arg == "check-config")
                {
                    commandSeen = true;
                    result.Command = CliCommand.CheckConfig;
                    if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        result.CheckFile = args[++i];
                    }
                }
                else
                {
                    result.Errors.Add($"unexpected argument \"{arg}\" (see vigil --help)");
                }
                continue;
            }

            string name = arg[2..];
            string? value = null;
            int eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }

            if (name is "demo" or "no-demo")
            {
                Add(values, order, "demo.enabled", name == "demo" ? "true" : "false", "flag --" + name, replace: true);
                continue;
            }
            // Prometheus's switches, valueless as there.
            if (value is null && SwitchAliases.TryGetValue(name, out var switchPath))
            {
                Add(values, order, switchPath, "true", "flag --" + name, replace: true);
                continue;
            }

            string? path = name == "config" ? "config"
                : Aliases.TryGetValue(name, out var alias) ? alias
                : leafKeys.Contains(name.Replace('-', '_')) ? name.Replace('-', '_')
                : null;
            if (path is null)
            {
                result.Errors.Add($"unknown flag --{name} (see vigil --help)");
                if (value is null && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    i++; // its value, so it is not reported again as a stray argument
                }
                continue;
            }
            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    result.Errors.Add($"flag --{name} needs a value");
                    continue;
                }
                value = args[++i];
            }
            if (path == "config")
            {
                result.ConfigFile = value;
                continue;
            }
            // Repeating a list flag (--role metrics --role logs) adds to the list; other flags: last wins.
            Add(values, order, path, value, "flag --" + name, replace: path != "roles");
        }

        foreach (var path in order)
        {
            result.Overrides.Add(new ConfigOverride(path, values[path].Values, values[path].Source));
        }
        return result;
    }

    /// <summary>Overrides from <c>VIGIL_*</c> environment variables (except <c>VIGIL_CONFIG</c>, the file).</summary>
    public static List<ConfigOverride> FromEnvironment(System.Collections.IDictionary environment, List<string> errors)
    {
        var leafKeys = ConfigBinder.LeafKeys(typeof(VigilConfig)).Select(k => k.Path).ToHashSet(StringComparer.Ordinal);
        var result = new List<ConfigOverride>();
        foreach (var name in environment.Keys.Cast<string>().Order(StringComparer.Ordinal))
        {
            if (!name.StartsWith("VIGIL_", StringComparison.Ordinal) || name == "VIGIL_CONFIG")
            {
                continue;
            }
            string path = name["VIGIL_".Length..].ToLowerInvariant().Replace("__", ".", StringComparison.Ordinal);
            if (!leafKeys.Contains(path))
            {
                errors.Add($"environment variable {name} names no config key (\"{path}\"); keys use __ between sections, e.g. VIGIL_LOG__LEVEL");
                continue;
            }
            result.Add(new ConfigOverride(path, [environment[name]?.ToString() ?? string.Empty], "environment variable " + name));
        }
        return result;
    }

    private static void Add(Dictionary<string, (List<string> Values, string Source)> values, List<string> order, string path, string value,
        string source, bool replace)
    {
        if (!values.TryGetValue(path, out var entry))
        {
            entry = ([], source);
            values[path] = entry;
            order.Add(path);
        }
        if (replace)
        {
            entry.Values.Clear();
            values[path] = (entry.Values, source);
        }
        entry.Values.Add(value);
    }
}
