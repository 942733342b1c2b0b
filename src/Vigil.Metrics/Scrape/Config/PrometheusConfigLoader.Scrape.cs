using Vigil.Metrics.GoText;
using Vigil.Metrics.Model;
using Vigil.Metrics.Scrape.Discovery;
using Vigil.Metrics.Scrape.Relabel;
using YamlDotNet.RepresentationModel;

namespace Vigil.Metrics.Scrape.Config;

internal static partial class PrometheusConfigLoader
{
    /// <summary>Service discovery mechanisms Prometheus has but Vigil does not run: accepted with a warning.</summary>
    private static readonly string[] UnsupportedSdKeys =
        ["azure_sd_configs", "consul_sd_configs", "digitalocean_sd_configs", "docker_sd_configs", "dockerswarm_sd_configs",
         "dns_sd_configs", "ec2_sd_configs", "ecs_sd_configs", "eureka_sd_configs", "gce_sd_configs", "hetzner_sd_configs",
         "http_sd_configs", "ionos_sd_configs", "kubernetes_sd_configs", "kuma_sd_configs", "lightsail_sd_configs",
         "linode_sd_configs", "marathon_sd_configs", "nerve_sd_configs", "nomad_sd_configs", "openstack_sd_configs",
         "ovhcloud_sd_configs", "puppetdb_sd_configs", "scaleway_sd_configs", "serverset_sd_configs", "stackit_sd_configs",
         "triton_sd_configs", "uyuni_sd_configs", "vultr_sd_configs"];

    private static readonly HashSet<string> ScrapeKeys = BuildScrapeKeys();

    private static HashSet<string> BuildScrapeKeys()
    {
        HashSet<string> keys =
        [
            "job_name", "honor_labels", "honor_timestamps", "track_timestamps_staleness", "params", "scrape_interval",
            "scrape_timeout", "scrape_protocols", "fallback_scrape_protocol", "scrape_native_histograms",
            "always_scrape_classic_histograms", "scrape_classic_histograms", "convert_classic_histograms_to_nhcb",
            "scrape_failure_log_file", "metrics_path", "scheme", "enable_compression", "body_size_limit", "sample_limit",
            "target_limit", "label_limit", "label_name_length_limit", "label_value_length_limit",
            "native_histogram_bucket_limit", "native_histogram_min_bucket_factor", "keep_dropped_targets",
            "metric_name_validation_scheme", "metric_name_escaping_scheme", "extra_scrape_metrics", "relabel_configs",
            "metric_relabel_configs", "static_configs", "file_sd_configs",
        ];
        keys.UnionWith(HttpKeys);
        keys.UnionWith(UnsupportedSdKeys);
        return keys;
    }

    private static readonly HashSet<string> StaticKeys = ["targets", "labels"];
    private static readonly HashSet<string> FileSdKeys = ["files", "refresh_interval"];

    private static void ReadScrapeConfigs(ConfigReader reader, YamlNode? node, string path, GlobalConfig global, string baseDir,
        List<ScrapeConfig> jobs, Dictionary<string, string> jobNames, string origin)
    {
        var items = reader.Sequence(node, path, "[]*config.ScrapeConfig");
        for (int i = 0; i < items.Count; i++)
        {
            string itemPath = ConfigReader.Index(path, i);
            if (YamlScalars.IsNullNode(items[i]))
            {
                reader.Error(items[i], itemPath, "empty or null scrape config section");
                continue;
            }
            var job = ReadScrapeConfig(reader, items[i], itemPath, global, baseDir);
            if (job is null) continue;
            if (jobNames.TryGetValue(job.JobName, out string? first))
            {
                string message = origin == "main config file" && first == origin
                    ? $"found multiple scrape configs with job name {GoQuote.Quote(job.JobName)}"
                    : $"found multiple scrape configs with job name {GoQuote.Quote(job.JobName)}, first found in {first}";
                reader.Error(items[i], itemPath, message);
                continue;
            }
            jobNames[job.JobName] = origin;
            jobs.Add(job);
        }
    }

    /// <summary>scrape_config_files: each matching file holds only <c>scrape_configs</c>, validated against the main global section.</summary>
    private static void ReadScrapeConfigFiles(ConfigReader reader, string pattern, GlobalConfig global, List<ScrapeConfig> jobs,
        Dictionary<string, string> jobNames)
    {
        foreach (string file in FileGlob.Expand(pattern))
        {
            var fileReader = new ConfigReader();
            try
            {
                var root = ParseYaml(File.ReadAllText(file));
                var map = fileReader.Map(root, "", "config.ScrapeConfigs", new HashSet<string> { "scrape_configs" });
                if (map is not null)
                {
                    ReadScrapeConfigs(fileReader, map.Node("scrape_configs"), "scrape_configs", global,
                        Path.GetDirectoryName(file) ?? "", jobs, jobNames, GoQuote.Quote(file));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException)
            {
                fileReader.Errors.Add(new ConfigError(0, 0, "", e.Message));
            }
            foreach (var error in fileReader.Errors)
                reader.Errors.Add(error with { Message = $"{GoQuote.Quote(file)}: {error.Message}" });
            reader.Warnings.AddRange(fileReader.Warnings);
        }
    }

    private static ScrapeConfig? ReadScrapeConfig(ConfigReader reader, YamlNode node, string path, GlobalConfig global, string baseDir)
    {
        int errorsBefore = reader.Errors.Count;
        var map = reader.Map(node, path, "config.ScrapeConfig", ScrapeKeys);
        if (map is null) return null;
        string jobName = map.String("job_name") ?? "";
        if (jobName.Length == 0)
        {
            reader.Error(node, path, "job_name is empty");
            return null;
        }
        string job = GoQuote.Quote(jobName);
        var scheme = ReadValidationScheme(map) ?? global.MetricNameValidationScheme;
        var http = ReadHttpClient(map, baseDir);
        var relabel = ReadRelabelConfigs(map, "relabel_configs", "empty or null target relabeling rule in scrape config", scheme);
        var metricRelabel = ReadRelabelConfigs(map, "metric_relabel_configs", "empty or null metric relabeling rule in scrape config", scheme);
        var statics = ReadStaticConfigs(map, checkAddresses: relabel.Count == 0);
        var fileSd = ReadFileSdConfigs(map, baseDir);
        var unsupported = UnsupportedSdKeys.Where(map.Has).ToArray();
        foreach (string key in unsupported)
            reader.Warnings.Add($"job {job}: {key} is not supported by Vigil; its targets are not discovered");
        if (http.OAuth2Configured) reader.Warnings.Add($"job {job}: oauth2 is not supported by Vigil; requests are sent without it");

        // config.go ScrapeConfig.Validate: defaults from global, then the checks.
        TimeSpan interval = map.Duration("scrape_interval") is { } si && si > TimeSpan.Zero ? si : global.ScrapeInterval;
        TimeSpan timeout = map.Duration("scrape_timeout") ?? TimeSpan.Zero;
        if (timeout > interval) reader.Error(node, path, $"scrape timeout greater than scrape interval for scrape config with job name {job}");
        if (timeout == TimeSpan.Zero) timeout = global.ScrapeTimeout < interval ? global.ScrapeTimeout : interval;
        var protocols = ReadProtocols(map, $"for scrape config with job name {job}") ?? global.ScrapeProtocols ?? ScrapeProtocols.Default;
        string? fallback = map.String("fallback_scrape_protocol");
        if (fallback is { Length: > 0 } && !ScrapeProtocols.IsSupported(fallback))
        {
            reader.Error(map.Node("fallback_scrape_protocol")!, map.PathOf("fallback_scrape_protocol"),
                $"invalid fallback_scrape_protocol for scrape config with job name {job}: unknown scrape protocol {fallback}, supported: {ScrapeProtocols.SupportedList}");
        }
        long bodyLimit = map.Base2Bytes("body_size_limit") ?? 0;
        ulong sampleLimit = map.UInt("sample_limit") ?? 0;
        ulong targetLimit = map.UInt("target_limit") ?? 0;
        ulong labelLimit = map.UInt("label_limit") ?? 0;
        ulong nameLimit = map.UInt("label_name_length_limit") ?? 0;
        ulong valueLimit = map.UInt("label_value_length_limit") ?? 0;
        ulong keepDropped = map.UInt("keep_dropped_targets") ?? 0;
        // Accepted for compatibility; native histograms and escaping are not part of Vigil's scraper yet.
        map.Bool("scrape_native_histograms");
        map.Bool("always_scrape_classic_histograms");
        map.Bool("scrape_classic_histograms");
        map.Bool("convert_classic_histograms_to_nhcb");
        map.UInt("native_histogram_bucket_limit");
        map.String("native_histogram_min_bucket_factor");
        map.String("metric_name_escaping_scheme");
        map.String("scrape_failure_log_file");

        if (reader.Errors.Count > errorsBefore) return null;
        return new ScrapeConfig
        {
            JobName = jobName,
            HonorLabels = map.Bool("honor_labels") ?? false,
            HonorTimestamps = map.Bool("honor_timestamps") ?? true,
            TrackTimestampsStaleness = map.Bool("track_timestamps_staleness") ?? false,
            Params = ReadParams(map),
            ScrapeInterval = interval,
            ScrapeTimeout = timeout,
            ScrapeProtocols = protocols,
            FallbackScrapeProtocol = fallback is { Length: > 0 } ? fallback : null,
            MetricsPath = map.String("metrics_path") is { Length: > 0 } p ? p : "/metrics",
            Scheme = map.String("scheme") is { Length: > 0 } s ? s : "http",
            EnableCompression = map.Bool("enable_compression") ?? true,
            BodySizeLimit = bodyLimit != 0 ? bodyLimit : global.BodySizeLimit,
            SampleLimit = sampleLimit != 0 ? sampleLimit : global.SampleLimit,
            TargetLimit = targetLimit != 0 ? targetLimit : global.TargetLimit,
            LabelLimit = labelLimit != 0 ? labelLimit : global.LabelLimit,
            LabelNameLengthLimit = nameLimit != 0 ? nameLimit : global.LabelNameLengthLimit,
            LabelValueLengthLimit = valueLimit != 0 ? valueLimit : global.LabelValueLengthLimit,
            KeepDroppedTargets = keepDropped != 0 ? keepDropped : global.KeepDroppedTargets,
            MetricNameValidationScheme = scheme,
            ExtraScrapeMetrics = map.Bool("extra_scrape_metrics") ?? global.ExtraScrapeMetrics,
            Http = http,
            StaticConfigs = statics,
            FileSdConfigs = fileSd,
            UnsupportedDiscovery = unsupported,
            RelabelConfigs = relabel,
            MetricRelabelConfigs = metricRelabel,
        };
    }

    /// <summary>params: a map of names to lists of values (Go <c>url.Values</c>).</summary>
    private static Dictionary<string, IReadOnlyList<string>> ReadParams(YamlMap map)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var node = map.Node("params");
        if (YamlScalars.IsNullNode(node)) return result;
        if (node is not YamlMappingNode mapping)
        {
            map.Reader.TypeError(node!, map.PathOf("params"), "url.Values");
            return result;
        }
        foreach (var (key, value) in mapping.Children)
        {
            string name = (key as YamlScalarNode)?.Value ?? "";
            if (map.Reader.StringList(value, ConfigReader.Join(map.PathOf("params"), name)) is { } values) result[name] = values;
        }
        return result;
    }

    private static List<TargetGroup> ReadStaticConfigs(YamlMap map, bool checkAddresses)
    {
        var reader = map.Reader;
        var groups = new List<TargetGroup>();
        var items = reader.Sequence(map.Node("static_configs"), map.PathOf("static_configs"), "discovery.StaticConfig");
        for (int i = 0; i < items.Count; i++)
        {
            string path = ConfigReader.Index(map.PathOf("static_configs"), i);
            if (ReadTargetGroup(reader, items[i], path, i.ToString(System.Globalization.CultureInfo.InvariantCulture)) is not { } group) continue;
            if (checkAddresses)
            {
                // config.go checkStaticTargets: a URL in targets is a common mistake (only checked without relabeling).
                foreach (var target in group.Targets)
                {
                    string address = target.Get(TargetGroup.AddressLabel);
                    if (address.Contains('/', StringComparison.Ordinal))
                        reader.Error(items[i], path, $"{GoQuote.Quote(address)} is not a valid hostname");
                }
            }
            groups.Add(group);
        }
        return groups;
    }

    /// <summary>
    /// One target group (<c>targets</c> and <c>labels</c>), from a static config or a file_sd YAML file
    /// (targetgroup.Group's UnmarshalYAML: label names checked, each target becomes <c>__address__</c>).
    /// </summary>
    internal static TargetGroup? ReadTargetGroup(ConfigReader reader, YamlNode node, string path, string source)
    {
        var group = reader.Map(node, path, "targetgroup.Group", StaticKeys);
        if (group is null) return null;
        int errorsBefore = reader.Errors.Count;
        var targets = reader.StringList(group.Node("targets"), group.PathOf("targets")) ?? [];
        var labels = ReadLabelMap(reader, group.Node("labels"), group.PathOf("labels"), NameValidationScheme.Utf8, "model.LabelSet");
        if (reader.Errors.Count > errorsBefore) return null;
        var list = targets.Select(t => Labels.Of(TargetGroup.AddressLabel, t)).ToArray();
        return new TargetGroup(source, list, labels);
    }

    private static List<FileSdConfig> ReadFileSdConfigs(YamlMap map, string baseDir)
    {
        var reader = map.Reader;
        var result = new List<FileSdConfig>();
        var items = reader.Sequence(map.Node("file_sd_configs"), map.PathOf("file_sd_configs"), "discovery.Configs");
        for (int i = 0; i < items.Count; i++)
        {
            string path = ConfigReader.Index(map.PathOf("file_sd_configs"), i);
            var sd = reader.Map(items[i], path, "file.SDConfig", FileSdKeys);
            if (sd is null) continue;
            var files = sd.StringList("files") ?? [];
            var refresh = sd.Duration("refresh_interval");
            if (files.Count == 0)
            {
                reader.Error(items[i], path, "file service discovery config must contain at least one path name");
                continue;
            }
            bool ok = true;
            foreach (string file in files)
            {
                if (!FileGlob.IsValidSdPattern(file))
                {
                    reader.Error(sd.Node("files")!, sd.PathOf("files"), $"path name {GoQuote.Quote(file)} is not valid for file discovery");
                    ok = false;
                }
            }
            if (ok)
                result.Add(new FileSdConfig(files.Select(f => JoinDir(baseDir, f)).ToArray(), refresh is { } r && r > TimeSpan.Zero ? r : FileSdConfig.DefaultRefreshInterval));
        }
        return result;
    }
}
