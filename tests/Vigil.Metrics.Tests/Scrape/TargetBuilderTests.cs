using Vigil.Metrics.Model;
using Vigil.Metrics.Scrape.Config;
using Vigil.Metrics.Scrape.Discovery;
using Vigil.Metrics.Scrape.Relabel;

namespace Vigil.Metrics.Tests.Scrape;

public class TargetBuilderTests
{
    private static ScrapeConfig Job(string extra = "")
    {
        var result = PrometheusConfigLoader.Load("scrape_configs:\n  - job_name: job\n    scrape_interval: 15s\n    scrape_timeout: 10s\n" + extra);
        Assert.True(result.Success, result.ErrorText);
        return result.Config!.ScrapeConfigs[0];
    }

    private static TargetBuildResult Build(Labels target, Labels group, ScrapeConfig config) =>
        TargetBuilder.Build(target, group, config, Relabeler.Compile(config.RelabelConfigs));

    [Fact]
    public void Defaults_fill_job_scheme_path_interval_and_instance()
    {
        var config = Job();
        var result = Build(Labels.Of("__address__", "host:9100"), Labels.Of("env", "prod"), config);
        var target = result.Target!;
        Assert.Equal(Labels.Of("instance", "host:9100", "job", "job", "env", "prod"), target.Labels);
        Assert.Equal("http://host:9100/metrics", target.Url.ToString());
        Assert.Equal(TimeSpan.FromSeconds(15), target.Interval);
        Assert.Equal(TimeSpan.FromSeconds(10), target.Timeout);
        Assert.Equal(Labels.Of("__address__", "host:9100", "__metrics_path__", "/metrics", "__scheme__", "http",
            "__scrape_interval__", "15s", "__scrape_timeout__", "10s", "env", "prod", "job", "job"), target.DiscoveredLabels);
    }

    [Fact]
    public void Target_labels_win_over_group_labels()
    {
        var result = Build(Labels.Of("__address__", "h:1", "env", "target"), Labels.Of("env", "group"), Job());
        Assert.Equal("target", result.Target!.Labels.Get("env"));
    }

    [Fact]
    public void Relabeling_can_change_address_scheme_path_params_interval()
    {
        var config = Job("""
                params:
                  module: [http_2xx]
                relabel_configs:
                  - source_labels: [__address__]
                    target_label: __param_target
                  - target_label: __address__
                    replacement: blackbox:9115
                  - target_label: __metrics_path__
                    replacement: probe
                  - target_label: __scheme__
                    replacement: https
                  - target_label: __scrape_interval__
                    replacement: 30s
                  - source_labels: [__param_target]
                    target_label: instance
            """);
        var target = Build(Labels.Of("__address__", "example.com a&b"), Labels.Empty, config).Target!;
        Assert.Equal("https://blackbox:9115/probe?module=http_2xx&target=example.com+a%26b", target.Url.AbsoluteUri);
        Assert.Equal(TimeSpan.FromSeconds(30), target.Interval);
        Assert.Equal("example.com a&b", target.Labels.Get("instance"));
        Assert.DoesNotContain(target.Labels.AsSpan().ToArray(), l => l.Name.StartsWith("__", StringComparison.Ordinal));
    }

    [Fact]
    public void Param_label_replaces_the_first_config_value()
    {
        var config = Job("    params:\n      a: [x, y]\n    relabel_configs:\n      - target_label: __param_a\n        replacement: z\n");
        Assert.Equal("http://h:1/metrics?a=z&a=y", Build(Labels.Of("__address__", "h:1"), Labels.Empty, config).Target!.Url.ToString());
    }

    [Fact]
    public void Meta_labels_are_removed_and_usable_before()
    {
        var config = Job("    relabel_configs:\n      - source_labels: [__meta_filepath]\n        target_label: file\n");
        var target = Build(Labels.Of("__address__", "h:1"), Labels.Of("__meta_filepath", "/sd/a.json"), config).Target!;
        Assert.Equal("/sd/a.json", target.Labels.Get("file"));
        Assert.False(target.Labels.Has("__meta_filepath"));
        Assert.True(target.DiscoveredLabels.Has("__meta_filepath"));
    }

    [Fact]
    public void Dropped_target_keeps_its_discovered_labels()
    {
        var config = Job("    relabel_configs:\n      - source_labels: [env]\n        regex: dev\n        action: drop\n");
        var result = Build(Labels.Of("__address__", "h:1", "env", "dev"), Labels.Empty, config);
        Assert.Null(result.Target);
        Assert.Null(result.Error);
        Assert.Equal("dev", result.Dropped!.Get("env"));
        Assert.Equal("job", result.Dropped.Get("job"));
    }

    [Fact]
    public void Explicit_instance_is_kept()
    {
        var target = Build(Labels.Of("__address__", "h:1", "instance", "mine"), Labels.Empty, Job()).Target!;
        Assert.Equal("mine", target.Labels.Get("instance"));
    }

    [Theory]
    [InlineData("    relabel_configs:\n      - target_label: __address__\n        replacement: \"\"\n", "no address")]
    [InlineData("    relabel_configs:\n      - target_label: __address__\n        replacement: http://h/x\n", "\"http://h/x\" is not a valid hostname")]
    [InlineData("    relabel_configs:\n      - target_label: __scrape_interval__\n        replacement: 1x\n", "error parsing scrape interval: not a valid duration string: \"1x\"")]
    [InlineData("    relabel_configs:\n      - target_label: __scrape_interval__\n        replacement: \"0\"\n", "scrape interval cannot be 0")]
    [InlineData("    relabel_configs:\n      - target_label: __scrape_timeout__\n        replacement: \"0s\"\n", "scrape timeout cannot be 0")]
    [InlineData("    relabel_configs:\n      - target_label: __scrape_timeout__\n        replacement: 20s\n", "scrape timeout cannot be greater than scrape interval (\"20s\" > \"15s\")")]
    public void Invalid_targets_get_prometheus_errors(string relabel, string expected)
    {
        var result = Build(Labels.Of("__address__", "h:1"), Labels.Empty, Job(relabel));
        Assert.Null(result.Target);
        Assert.Equal(expected, result.Error);
    }

    [Fact]
    public void No_default_port_is_added()
    {
        Assert.Equal("http://h/metrics", Build(Labels.Of("__address__", "h"), Labels.Empty, Job()).Target!.Url.ToString());
    }
}
