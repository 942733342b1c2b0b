using Vigil.Configuration;

namespace Vigil.Tests.Configuration;

/// <summary>Each bad config is paired with the exact location and message it must produce.</summary>
public sealed class ConfigLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string yaml)
    {
        string path = Path.Combine(_dir, "vigil.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static ConfigError Single(Action load)
    {
        var e = Assert.Throws<ConfigException>(load);
        return Assert.Single(e.Errors);
    }

    [Fact]
    public void Defaults_without_a_file()
    {
        var config = ConfigLoader.Load(null, []);
        Assert.Equal("./data", config.DataDir);
        Assert.Equal(4317, config.Collector.Otlp.Grpc.Port);
        Assert.Equal(4318, config.Collector.Otlp.Http.Port);
        Assert.Equal(9464, config.Collector.Telemetry.Port);
        Assert.Equal(9090, config.Metrics.Port);
        Assert.Equal(3100, config.Logs.Port);
        Assert.Equal(3200, config.Traces.Port);
        Assert.Equal(3000, config.Ui.Port);
        Assert.Equal(64L << 20, config.Collector.Otlp.Http.MaxRequestBodySize);
        Assert.False(config.Demo.Enabled);
    }

    [Fact]
    public void The_shipped_config_is_valid_and_starts_the_demo()
    {
        var config = ConfigLoader.Load(Path.Combine(Support.RepoPaths.Root, "config", "vigil.yaml"), []);
        Assert.True(config.Demo.Enabled);
        Assert.Equal(["all"], config.Roles);
    }

    [Fact]
    public void Values_of_every_kind_are_read()
    {
        var config = ConfigLoader.Load(Write("""
            data_dir: /tmp/x
            roles: [metrics, logs]
            shutdown_timeout: 1m30s
            log: { level: debug, format: json }
            collector:
              otlp:
                http:
                  max_request_body_size: 2MiB
                  cors: { allowed_origins: ["http://a.example"], max_age: 10m }
              batch: { send_batch_size: 100, timeout: 1s }
              debug_exporter: { verbosity: detailed }
            demo: { enabled: true, port: 8123 }
            """), []);
        Assert.Equal("/tmp/x", config.DataDir);
        Assert.Equal(["metrics", "logs"], config.Roles);
        Assert.Equal(TimeSpan.FromSeconds(90), config.ShutdownTimeout);
        Assert.Equal(LogLevelName.Debug, config.Log.Level);
        Assert.Equal(LogFormat.Json, config.Log.Format);
        Assert.Equal(2L << 20, config.Collector.Otlp.Http.MaxRequestBodySize);
        Assert.Equal(["http://a.example"], config.Collector.Otlp.Http.Cors.AllowedOrigins);
        Assert.Equal(TimeSpan.FromMinutes(10), config.Collector.Otlp.Http.Cors.MaxAge);
        Assert.Equal(100, config.Collector.Batch.SendBatchSize);
        Assert.Equal(DebugVerbosityName.Detailed, config.Collector.DebugExporter.Verbosity);
        Assert.Equal(8123, config.Demo.Port);
    }

    [Fact]
    public void Unknown_key_names_file_line_and_suggests_the_right_one()
    {
        string file = Write("""
            collector:
              otlp:
                grcp:
                  port: 1
            """);
        var error = Single(() => ConfigLoader.Load(file, []));
        Assert.Equal($"{file}:3:5", error.Location);
        Assert.Equal("collector.otlp.grcp", error.Key);
        Assert.StartsWith("unknown key \"grcp\" in \"collector.otlp\" (did you mean \"grpc\"?)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_top_level_key()
    {
        string file = Write("data_dir: ./d\nretention: 15d\n");
        var error = Single(() => ConfigLoader.Load(file, []));
        Assert.Equal($"{file}:2:1", error.Location);
        Assert.StartsWith("unknown key \"retention\" at the top level", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("metrics:\n  port: 90a90\n", "metrics.port", "2:9", "expected an integer, got \"90a90\"")]
    [InlineData("metrics:\n  port: 70000\n", "metrics.port", "2:9", "must be between 0 and 65535, got 70000")]
    [InlineData("shutdown_timeout: soon\n", "shutdown_timeout", "1:19", "expected a duration such as 15s, 1m30s or 500ms, got \"soon\"")]
    [InlineData("log:\n  level: verbose\n", "log.level", "2:10", "expected one of debug, info, warn, error, got \"verbose\"")]
    [InlineData("collector:\n  memory_limiter:\n    limit: lots\n", "collector.memory_limiter.limit", "3:12", "expected a size such as 64MiB, 512MB or 1048576, got \"lots\"")]
    [InlineData("demo:\n  enabled: yes please\n", "demo.enabled", "2:12", "expected true or false, got \"yes please\"")]
    [InlineData("metrics: 9090\n", "metrics", "1:10", "expected a section of keys, got \"9090\"")]
    [InlineData("roles: [all, tracing]\n", "roles", "1:8", "unknown role \"tracing\"; roles are all, collector, metrics, logs, traces, ui, rules")]
    [InlineData("logs:\n  port: 9090\n", "logs.port", "2:9", "port 9090 is already used by metrics.port")]
    [InlineData("listen_address: everywhere\n", "listen_address", "1:17", "expected an IP address such as 0.0.0.0 or 127.0.0.1, got \"everywhere\"")]
    public void Bad_values_name_the_key_and_line(string yaml, string key, string position, string message)
    {
        string file = Write(yaml);
        var error = Single(() => ConfigLoader.Load(file, []));
        Assert.Equal($"{file}:{position}", error.Location);
        Assert.Equal(key, error.Key);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Invalid_yaml_names_the_line()
    {
        string file = Write("collector:\n  otlp: [\n");
        var error = Single(() => ConfigLoader.Load(file, []));
        Assert.StartsWith(file + ":", error.Location, StringComparison.Ordinal);
        Assert.StartsWith("invalid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_errors_are_reported_at_once()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(Write("metrics:\n  port: x\nlogs:\n  prot: 1\n"), []));
        Assert.Equal(2, e.Errors.Count);
    }

    [Fact]
    public void Overrides_win_over_the_file_and_are_named_in_errors()
    {
        string file = Write("metrics:\n  port: 9091\n");
        var config = ConfigLoader.Load(file, [new ConfigOverride("metrics.port", ["9092"], "flag --prometheus-port")]);
        Assert.Equal(9092, config.Metrics.Port);

        var error = Single(() => ConfigLoader.Load(file, [new ConfigOverride("metrics.port", ["x"], "flag --prometheus-port")]));
        Assert.Equal("flag --prometheus-port", error.Location);
        Assert.Equal("expected an integer, got \"x\"", error.Message);
    }

    [Fact]
    public void List_overrides_accept_repeats_and_commas()
    {
        var config = ConfigLoader.Load(null, [new ConfigOverride("roles", ["metrics,logs", "ui"], "flag --role")]);
        Assert.Equal(["metrics", "logs", "ui"], config.Roles);
    }
}
