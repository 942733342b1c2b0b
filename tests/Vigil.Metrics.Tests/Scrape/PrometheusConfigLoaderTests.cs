using CsCheck;
using Vigil.Metrics.Model;
using Vigil.Metrics.Scrape.Config;
using Vigil.Metrics.Scrape.Relabel;

namespace Vigil.Metrics.Tests.Scrape;

public class PrometheusConfigLoaderTests
{
    private static ConfigLoadResult Load(string yaml) => PrometheusConfigLoader.Load(yaml.Replace("\r\n", "\n"));

    [Fact]
    public void Empty_file_gives_prometheus_defaults()
    {
        var result = Load("");
        Assert.True(result.Success);
        Assert.Equal(TimeSpan.FromMinutes(1), result.Config!.Global.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), result.Config.Global.ScrapeTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), result.Config.Global.EvaluationInterval);
        Assert.Empty(result.Config.ScrapeConfigs);
    }

    [Fact]
    public void Full_file_loads_with_defaults_inherited_from_global()
    {
        var result = Load("""
            global:
              scrape_interval: 15s
              scrape_timeout: 5s
              sample_limit: 1000
              body_size_limit: 10MB
              external_labels:
                region: eu
            rule_files: ["rules/*.yml"]
            alerting:
              alertmanagers:
                - static_configs: [{targets: ["am:9093"]}]
            remote_write:
              - url: http://remote/api/v1/write
            storage:
              tsdb:
                out_of_order_time_window: 10m
            scrape_configs:
              - job_name: app
                metrics_path: /m
                scheme: https
                params:
                  module: [a, b]
                honor_labels: true
                honor_timestamps: false
                enable_compression: false
                label_limit: 30
                scrape_protocols: [PrometheusText0.0.4]
                fallback_scrape_protocol: PrometheusText0.0.4
                basic_auth:
                  username: u
                  password: p
                tls_config:
                  insecure_skip_verify: true
                  server_name: example
                static_configs:
                  - targets: ["a:1", "b:2"]
                    labels:
                      env: prod
                file_sd_configs:
                  - files: ["targets/*.json"]
                    refresh_interval: 30s
                relabel_configs:
                  - source_labels: [__address__]
                    target_label: instance
              - job_name: other
                scrape_interval: 1m
                bearer_token: secret
            """);
        Assert.True(result.Success, result.ErrorText);
        var config = result.Config!;
        Assert.Equal(Labels.Of("region", "eu"), config.Global.ExternalLabels);
        Assert.Equal(10L << 20, config.Global.BodySizeLimit);
        Assert.Equal(["alerting", "remote_write", "storage"], config.OtherSections.Keys.Order());
        var app = config.ScrapeConfigs[0];
        Assert.Equal("app", app.JobName);
        Assert.Equal(TimeSpan.FromSeconds(15), app.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), app.ScrapeTimeout);
        Assert.Equal("/m", app.MetricsPath);
        Assert.Equal("https", app.Scheme);
        Assert.Equal(["a", "b"], app.Params["module"]);
        Assert.True(app.HonorLabels);
        Assert.False(app.HonorTimestamps);
        Assert.False(app.EnableCompression);
        Assert.Equal(1000UL, app.SampleLimit);
        Assert.Equal(30UL, app.LabelLimit);
        Assert.Equal(["PrometheusText0.0.4"], app.ScrapeProtocols);
        Assert.Equal("u", app.Http.BasicAuth!.Username);
        Assert.True(app.Http.Tls.InsecureSkipVerify);
        Assert.Equal(2, app.StaticConfigs[0].Targets.Count);
        Assert.Equal(Labels.Of("env", "prod"), app.StaticConfigs[0].Labels);
        Assert.Equal(TimeSpan.FromSeconds(30), app.FileSdConfigs[0].RefreshInterval);
        Assert.Single(app.RelabelConfigs);
        var other = config.ScrapeConfigs[1];
        Assert.Equal(TimeSpan.FromMinutes(1), other.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), other.ScrapeTimeout);
        Assert.Equal(new AuthorizationSettings("Bearer", "secret", null), other.Http.Authorization); // 2.x name, as authorization
        Assert.Equal(ScrapeProtocols.Default, other.ScrapeProtocols);
    }

    [Fact]
    public void Timeout_defaults_to_the_interval_when_the_interval_is_shorter()
    {
        var result = Load("scrape_configs:\n  - job_name: x\n    scrape_interval: 5s\n");
        Assert.Equal(TimeSpan.FromSeconds(5), result.Config!.ScrapeConfigs[0].ScrapeTimeout);
    }

    [Fact]
    public void Environment_variables_expand_in_external_labels()
    {
        Environment.SetEnvironmentVariable("VIGIL_TEST_REGION", "north");
        var result = Load("global:\n  external_labels:\n    region: ${VIGIL_TEST_REGION}\n    cost: $$5\n");
        Assert.Equal(Labels.Of("region", "north", "cost", "$5"), result.Config!.Global.ExternalLabels);
    }

    [Fact]
    public void Unknown_sd_mechanisms_are_accepted_with_a_warning()
    {
        var result = Load("scrape_configs:\n  - job_name: k\n    kubernetes_sd_configs:\n      - role: pod\n");
        Assert.True(result.Success);
        Assert.Contains("job \"k\": kubernetes_sd_configs is not supported by Vigil; its targets are not discovered", result.Warnings);
    }

    [Fact]
    public void All_errors_are_reported_with_line_column_and_path()
    {
        var result = Load("""
            global:
              scrape_intervall: 15s
            scrape_configs:
              - job_name: x
                foo: 1
                static_configs:
                  - targets: ["a:1"]
                    bar: 2
            """);
        Assert.False(result.Success);
        Assert.Equal(
        [
            "line 2:3: global.scrape_intervall: field scrape_intervall not found in type config.GlobalConfig",
            "line 5:5: scrape_configs[0].foo: field foo not found in type config.ScrapeConfig",
            "line 8:9: scrape_configs[0].static_configs[0].bar: field bar not found in type targetgroup.Group",
        ], result.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("foo: 1", "field foo not found in type config.Config")]
    [InlineData("scrape_configs: 5", "cannot unmarshal !!int `5` into []*config.ScrapeConfig")]
    [InlineData("global: [1]", "cannot unmarshal !!seq into config.GlobalConfig")]
    [InlineData("global:\n  scrape_interval: 5s\n  scrape_timeout: 10s", "global scrape timeout greater than scrape interval")]
    [InlineData("global:\n  external_labels:\n    \"\": x", "\"\" is not a valid label name")]
    [InlineData("global:\n  scrape_protocols: []", "scrape_protocols cannot be empty for global config")]
    [InlineData("rule_files: [\"a/*/b.yml\"]", "invalid rule file path \"a/*/b.yml\"")]
    [InlineData("scrape_configs:\n  -", "empty or null scrape config section")]
    [InlineData("scrape_configs:\n  - static_configs: []", "job_name is empty")]
    [InlineData("scrape_configs:\n  - job_name: x\n  - job_name: x", "found multiple scrape configs with job name \"x\"")]
    [InlineData("scrape_configs:\n  - job_name: x\n    job_name: y", "yaml: field job_name already set")]
    [InlineData("scrape_configs:\n  - job_name: x\n    scrape_interval: 5s\n    scrape_timeout: 10s", "scrape timeout greater than scrape interval for scrape config with job name \"x\"")]
    [InlineData("scrape_configs:\n  - job_name: x\n    scrape_interval: 5x", "not a valid duration string: \"5x\"")]
    [InlineData("scrape_configs:\n  - job_name: x\n    scrape_interval: 10", "not a valid duration string: \"10\"")]
    [InlineData("scrape_configs:\n  - job_name: x\n    scrape_interval: \"\"", "empty duration string")]
    [InlineData("scrape_configs:\n  - job_name: x\n    honor_labels: maybe", "cannot unmarshal !!str `maybe` into bool")]
    [InlineData("scrape_configs:\n  - job_name: x\n    metrics_path: [a]", "cannot unmarshal !!seq into string")]
    [InlineData("scrape_configs:\n  - job_name: x\n    sample_limit: -1", "cannot unmarshal !!int `-1` into uint")]
    [InlineData("scrape_configs:\n  - job_name: x\n    body_size_limit: 1000", "units: unknown unit  in 1000")]
    [InlineData("scrape_configs:\n  - job_name: x\n    body_size_limit: 10mb", "units: unknown unit mb in 10mb")]
    [InlineData("scrape_configs:\n  - job_name: x\n    scrape_protocols: [Foo]", "scrape_protocols: unknown scrape protocol Foo, supported: [OpenMetricsText0.0.1 OpenMetricsText1.0.0 PrometheusProto PrometheusText0.0.4 PrometheusText1.0.0] for scrape config with job name \"x\"")]
    [InlineData("scrape_configs:\n  - job_name: x\n    scrape_protocols: [PrometheusText0.0.4, PrometheusText0.0.4]", "duplicated protocol in scrape_protocols, got [PrometheusText0.0.4 PrometheusText0.0.4] for scrape config with job name \"x\"")]
    [InlineData("scrape_configs:\n  - job_name: x\n    fallback_scrape_protocol: Foo", "invalid fallback_scrape_protocol for scrape config with job name \"x\": unknown scrape protocol Foo, supported: [OpenMetricsText0.0.1 OpenMetricsText1.0.0 PrometheusProto PrometheusText0.0.4 PrometheusText1.0.0]")]
    [InlineData("scrape_configs:\n  - job_name: x\n    static_configs:\n      - targets: [\"http://a:1/metrics\"]", "\"http://a:1/metrics\" is not a valid hostname")]
    [InlineData("scrape_configs:\n  - job_name: x\n    static_configs:\n      - targets: \"a:1\"", "cannot unmarshal !!str `a:1` into []string")]
    [InlineData("scrape_configs:\n  - job_name: x\n    static_configs:\n      - targets: [\"a:1\"]\n        labels:\n          a: [1]", "cannot unmarshal !!seq into model.LabelValue")]
    [InlineData("scrape_configs:\n  - job_name: x\n    file_sd_configs:\n      - files: [\"a/*/b.json\"]", "path name \"a/*/b.json\" is not valid for file discovery")]
    [InlineData("scrape_configs:\n  - job_name: x\n    file_sd_configs:\n      - files: [\"a.txt\"]", "path name \"a.txt\" is not valid for file discovery")]
    [InlineData("scrape_configs:\n  - job_name: x\n    file_sd_configs:\n      - refresh_interval: 1m", "file service discovery config must contain at least one path name")]
    [InlineData("scrape_configs:\n  - job_name: x\n    relabel_configs:\n      - action: replace", "relabel configuration for replace action requires 'target_label' value")]
    [InlineData("scrape_configs:\n  - job_name: x\n    relabel_configs:\n      - action: foo", "unknown relabel action \"foo\"")]
    [InlineData("scrape_configs:\n  - job_name: x\n    relabel_configs:\n      - action: hashmod\n        target_label: a", "relabel configuration for hashmod requires non-zero modulus")]
    [InlineData("scrape_configs:\n  - job_name: x\n    relabel_configs:\n      - action: hashmod\n        target_label: y\n        modulus: -3", "cannot unmarshal !!int `-3` into uint64")]
    [InlineData("scrape_configs:\n  - job_name: x\n    relabel_configs:\n      - action: lowercase\n        target_label: a\n        replacement: x", "'replacement' can not be set for lowercase action")]
    [InlineData("scrape_configs:\n  - job_name: x\n    relabel_configs:\n      - action: keepequal\n        target_label: a\n        regex: x", "keepequal action requires only 'source_labels' and `target_label`, and no other fields")]
    [InlineData("scrape_configs:\n  - job_name: x\n    relabel_configs:\n      - action: labeldrop\n        regex: x\n        source_labels: [a]", "labeldrop action requires only 'regex', and no other fields")]
    [InlineData("scrape_configs:\n  - job_name: x\n    relabel_configs:\n      -", "empty or null target relabeling rule in scrape config")]
    [InlineData("scrape_configs:\n  - job_name: x\n    metric_relabel_configs:\n      -", "empty or null metric relabeling rule in scrape config")]
    [InlineData("scrape_configs:\n  - job_name: x\n    relabel_configs:\n      - source_labels: [\"\"]\n        target_label: y", "\"\" is not a valid label name")]
    [InlineData("scrape_configs:\n  - job_name: x\n    metric_name_validation_scheme: legacy\n    relabel_configs:\n      - target_label: \"a-b\"", "\"a-b\" is invalid 'target_label' for replace action")]
    [InlineData("scrape_configs:\n  - job_name: x\n    basic_auth:\n      username: a\n      password: b\n      password_file: c", "at most one of basic_auth password, password_file & password_ref must be configured")]
    [InlineData("scrape_configs:\n  - job_name: x\n    bearer_token: a\n    bearer_token_file: b", "at most one of bearer_token & bearer_token_file must be configured")]
    [InlineData("scrape_configs:\n  - job_name: x\n    bearer_token: a\n    basic_auth:\n      username: u", "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured")]
    [InlineData("scrape_configs:\n  - job_name: x\n    authorization:\n      type: Basic", "authorization type cannot be set to \"basic\", use \"basic_auth\" instead")]
    [InlineData("scrape_configs:\n  - job_name: x\n    authorization:\n      credentials: a\n      credentials_file: b", "at most one of authorization credentials & credentials_file must be configured")]
    [InlineData("scrape_configs:\n  - job_name: x\n    authorization:\n      credentials: a\n    basic_auth:\n      username: u", "at most one of basic_auth, oauth2 & authorization must be configured")]
    [InlineData("scrape_configs:\n  - job_name: x\n    authorization:\n      credentials: a\n    bearer_token: x", "authorization is not compatible with bearer_token & bearer_token_file")]
    [InlineData("scrape_configs:\n  - job_name: x\n    tls_config:\n      foo: 1", "field foo not found in type config.TLSConfig")]
    [InlineData("scrape_configs:\n  - job_name: x\n    tls_config:\n      cert_file: a", "exactly one of key or key_file must be configured when a client certificate is configured")]
    [InlineData("scrape_configs:\n  - job_name: x\n    tls_config:\n      key_file: a", "exactly one of cert or cert_file must be configured when a client key is configured")]
    [InlineData("scrape_configs:\n  - job_name: x\n    tls_config:\n      min_version: TLS9", "unknown TLS version: TLS9")]
    [InlineData("scrape_configs:\n  - job_name: x\n    no_proxy: localhost", "if no_proxy is configured, proxy_url must also be configured")]
    [InlineData("remote_write:\n  -", "empty or null remote write config section")]
    public void Bad_input_gets_prometheus_message(string yaml, string expected)
    {
        var result = Load(yaml);
        Assert.False(result.Success);
        Assert.True(result.Errors.Any(e => e.Message == expected), string.Join(" | ", result.Errors));
    }

    [Fact]
    public void Invalid_regex_is_reported_in_go_wording()
    {
        var result = Load("scrape_configs:\n  - job_name: x\n    relabel_configs:\n      - target_label: a\n        regex: \"(x\"\n");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("error parsing regexp: ", error.Message);
        Assert.Equal("line 5:16: scrape_configs[0].relabel_configs[0].regex: " + error.Message, error.ToString());
    }

    [Fact]
    public void Yaml_syntax_error_has_a_position()
    {
        var result = Load("a: [\n");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("line 2:1: yaml: ", error.ToString());
    }

    [Fact]
    public void Merge_keys_are_resolved()
    {
        var result = Load("""
            defaults: &d
              scrape_interval: 5s
            """.Replace("defaults", "x_defaults") + "\n");
        Assert.False(result.Success); // an unknown top-level key, even when only used as an anchor
        var ok = Load("scrape_configs:\n  - &base\n    job_name: a\n    scrape_interval: 5s\n  - <<: *base\n    job_name: b\n");
        Assert.True(ok.Success, ok.ErrorText);
        Assert.Equal(TimeSpan.FromSeconds(5), ok.Config!.ScrapeConfigs[1].ScrapeInterval);
    }

    [Fact]
    public void Relative_paths_are_resolved_against_the_config_directory()
    {
        string dir = Directory.CreateTempSubdirectory("vigil-cfg").FullName;
        try
        {
            string path = Path.Combine(dir, "prometheus.yml");
            File.WriteAllText(path, "scrape_configs:\n  - job_name: x\n    file_sd_configs:\n      - files: [\"sd/*.json\"]\n    basic_auth:\n      username: u\n      password_file: pw\n");
            var result = PrometheusConfigLoader.LoadFile(path);
            Assert.True(result.Success, result.ErrorText);
            Assert.Equal(Path.Combine(dir, "sd/*.json"), result.Config!.ScrapeConfigs[0].FileSdConfigs[0].Files[0]);
            Assert.Equal(Path.Combine(dir, "pw"), result.Config.ScrapeConfigs[0].Http.BasicAuth!.PasswordFile);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Scrape_config_files_add_jobs_and_reject_duplicates()
    {
        string dir = Directory.CreateTempSubdirectory("vigil-cfg").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "extra.yml"), "scrape_configs:\n  - job_name: extra\n    static_configs: [{targets: [\"e:1\"]}]\n");
            string main = Path.Combine(dir, "prometheus.yml");
            File.WriteAllText(main, "scrape_config_files: [\"*.yml\"]\nscrape_configs:\n  - job_name: main\n");
            // prometheus.yml itself matches *.yml: its scrape_configs would repeat "main".
            var result = PrometheusConfigLoader.LoadFile(main);
            Assert.False(result.Success);
            Assert.Contains(result.Errors, e => e.Message.Contains("found multiple scrape configs with job name \"main\", first found in main config file", StringComparison.Ordinal));
            File.WriteAllText(main, "scrape_config_files: [\"extra.yml\"]\nscrape_configs:\n  - job_name: main\n");
            result = PrometheusConfigLoader.LoadFile(main);
            Assert.True(result.Success, result.ErrorText);
            Assert.Equal(["main", "extra"], result.Config!.ScrapeConfigs.Select(j => j.JobName));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Shipped_prometheus_yml_loads()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "config", "prometheus.yml"))) dir = Path.GetDirectoryName(dir);
        Assert.NotNull(dir);
        var result = PrometheusConfigLoader.LoadFile(Path.Combine(dir, "config", "prometheus.yml"));
        Assert.True(result.Success, result.ErrorText);
        Assert.Equal(["vigil", "greenhouse"], result.Config!.ScrapeConfigs.Select(j => j.JobName));
    }

    [Fact]
    public void Legacy_validation_scheme_is_read()
    {
        var result = Load("global:\n  metric_name_validation_scheme: legacy\nscrape_configs:\n  - job_name: x\n");
        Assert.Equal(NameValidationScheme.Legacy, result.Config!.ScrapeConfigs[0].MetricNameValidationScheme);
    }

    [Fact]
    public void Loader_never_throws_on_random_yaml() =>
        Gen.String[0, 200].Sample(text =>
        {
            var result = PrometheusConfigLoader.Load(text);
            Assert.True(result.Success || result.Errors.Count > 0);
        }, iter: 2000);
}
