using System.Collections;
using Vigil.Cli;

namespace Vigil.Tests.Configuration;

public sealed class CommandLineTests
{
    [Fact]
    public void Shortcut_flags_map_to_config_keys()
    {
        var cl = CommandLine.Parse(["--data-dir", "/d", "--otlp-grpc-port=1", "--prometheus-port", "2", "--role", "metrics", "--role", "logs", "--no-demo"]);
        Assert.Empty(cl.Errors);
        Assert.Equal(CliCommand.Serve, cl.Command);
        var byPath = cl.Overrides.ToDictionary(o => o.Path);
        Assert.Equal(["/d"], byPath["data_dir"].Values);
        Assert.Equal(["1"], byPath["collector.otlp.grpc.port"].Values);
        Assert.Equal(["2"], byPath["metrics.port"].Values);
        Assert.Equal(["metrics", "logs"], byPath["roles"].Values);
        Assert.Equal(["false"], byPath["demo.enabled"].Values);
        Assert.Equal("flag --prometheus-port", byPath["metrics.port"].Source);
    }

    [Fact]
    public void Any_config_key_is_a_flag()
    {
        var cl = CommandLine.Parse(["--collector.batch.timeout=1s", "--collector.otlp.http.max-request-body-size", "1MiB"]);
        Assert.Empty(cl.Errors);
        Assert.Contains(cl.Overrides, o => o.Path == "collector.batch.timeout" && o.Values[0] == "1s");
        Assert.Contains(cl.Overrides, o => o.Path == "collector.otlp.http.max_request_body_size");
    }

    [Fact]
    public void Prometheus_query_flags_map_to_metrics_query_keys()
    {
        var cl = CommandLine.Parse(["--query.timeout=30s", "--query.max-samples", "1000", "--query.lookback-delta=1m", "--query.max-concurrency=4"]);
        Assert.Empty(cl.Errors);
        var byPath = cl.Overrides.ToDictionary(o => o.Path);
        Assert.Equal(["30s"], byPath["metrics.query.timeout"].Values);
        Assert.Equal(["1000"], byPath["metrics.query.max_samples"].Values);
        Assert.Equal(["1m"], byPath["metrics.query.lookback_delta"].Values);
        Assert.Equal(["4"], byPath["metrics.query.max_concurrency"].Values);
    }

    [Theory]
    [InlineData(new[] { "--colour", "red" }, "unknown flag --colour (see vigil --help)")]
    [InlineData(new[] { "--data-dir" }, "flag --data-dir needs a value")]
    [InlineData(new[] { "frobnicate" }, "unexpected argument \"frobnicate\" (see vigil --help)")]
    public void Bad_flags_are_errors(string[] args, string message)
    {
        Assert.Equal(message, Assert.Single(CommandLine.Parse(args).Errors));
    }

    [Fact]
    public void Commands()
    {
        Assert.Equal(CliCommand.Help, CommandLine.Parse(["--help"]).Command);
        Assert.Equal(CliCommand.Version, CommandLine.Parse(["--version"]).Command);
        var check = CommandLine.Parse(["check-config", "x.yaml"]);
        Assert.Equal(CliCommand.CheckConfig, check.Command);
        Assert.Equal("x.yaml", check.CheckFile);
    }

    [Fact]
    public void Environment_variables_map_to_keys_and_unknown_ones_are_errors()
    {
        var errors = new List<string>();
        var env = new Hashtable { ["VIGIL_LOG__LEVEL"] = "debug", ["VIGIL_DATA_DIR"] = "/e", ["VIGIL_CONFIG"] = "c.yaml", ["PATH"] = "/bin" };
        var overrides = CommandLine.FromEnvironment(env, errors);
        Assert.Empty(errors);
        Assert.Contains(overrides, o => o.Path == "log.level" && o.Values[0] == "debug" && o.Source == "environment variable VIGIL_LOG__LEVEL");
        Assert.Contains(overrides, o => o.Path == "data_dir");
        Assert.Equal(2, overrides.Count);

        CommandLine.FromEnvironment(new Hashtable { ["VIGIL_NOPE"] = "1" }, errors);
        Assert.Contains("VIGIL_NOPE", Assert.Single(errors), StringComparison.Ordinal);
    }
}
