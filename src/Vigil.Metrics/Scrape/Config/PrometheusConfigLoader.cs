using System.Text.RegularExpressions;
using Vigil.Metrics.GoText;
using Vigil.Metrics.Model;
using Vigil.Metrics.Scrape.Discovery;
using Vigil.Metrics.Scrape.Relabel;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vigil.Metrics.Scrape.Config;

/// <summary>What loading a prometheus.yml gave: the config (null when there were errors), every error, and warnings.</summary>
internal sealed record ConfigLoadResult(PrometheusConfig? Config, IReadOnlyList<ConfigError> Errors, IReadOnlyList<string> Warnings)
{
    public bool Success => Config is not null;

    /// <summary>All errors, one per line.</summary>
    public string ErrorText => string.Join('\n', Errors.Select(e => e.ToString()));
}

/// <summary>
/// Reads prometheus.yml in Prometheus's own format (config/config.go, prometheus/common's HTTP client
/// config, model/relabel, discovery/file), strictly: an unknown key is an error naming the key, its
/// line and column, as <c>yaml.UnmarshalStrict</c> makes it in Prometheus. Every error in the file is
/// reported, not just the first. Sections for other components are accepted and kept as YAML.
/// This is the reload gate: a file that fails here never replaces the running configuration.
/// </summary>
/// <remarks>
/// Adding a key: add it to the key set of its section below, read it in the matching <c>Read…</c>
/// method, put the value on the config record, and add a good/bad pair to the loader tests.
/// </remarks>
internal static partial class PrometheusConfigLoader
{
    private static readonly HashSet<string> TopKeys =
        ["global", "runtime", "alerting", "rule_files", "scrape_config_files", "scrape_configs", "storage", "tracing",
         "remote_write", "remote_read", "otlp"];

    /// <summary>Top-level sections kept for other components (see docs/scraping.md for which are honoured).</summary>
    private static readonly string[] KeptSections = ["runtime", "alerting", "storage", "tracing", "remote_write", "remote_read", "otlp"];

    private static readonly HashSet<string> GlobalKeys =
        ["scrape_interval", "scrape_timeout", "scrape_protocols", "evaluation_interval", "rule_query_offset", "query_log_file",
         "scrape_failure_log_file", "external_labels", "body_size_limit", "sample_limit", "target_limit", "label_limit",
         "label_name_length_limit", "label_value_length_limit", "keep_dropped_targets", "metric_name_validation_scheme",
         "metric_name_escaping_scheme", "scrape_native_histograms", "convert_classic_histograms_to_nhcb",
         "always_scrape_classic_histograms", "extra_scrape_metrics"];

    // config.go patRulePath: a '*' only in the last path element.
    [GeneratedRegex(@"^[^*]*(\*[^/]*)?$")]
    private static partial Regex RulePathPattern();

    public static ConfigLoadResult LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ConfigLoadResult(null, [new ConfigError(0, 0, "", $"open {path}: {e.Message}")], []);
        }
        return Load(text, path);
    }

    /// <summary>Parses and validates; relative paths are resolved against <paramref name="path"/>'s directory.</summary>
    public static ConfigLoadResult Load(string text, string? path = null)
    {
        var reader = new ConfigReader();
        string baseDir = path is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(path)) ?? "";
        YamlNode? root;
        try
        {
            root = ParseYaml(text);
        }
        catch (YamlException e)
        {
            string message = StripMark(e.InnerException is { } inner && e.Message.StartsWith("(Line", StringComparison.Ordinal) ? inner.Message : e.Message);
            // YamlDotNet refuses a repeated key while building the tree; go-yaml says "field x already set".
            if (message.StartsWith("Duplicate key ", StringComparison.Ordinal)) message = $"field {message["Duplicate key ".Length..]} already set";
            return new ConfigLoadResult(null, [new ConfigError((int)e.Start.Line, (int)e.Start.Column, "", "yaml: " + message)], []);
        }

        var config = ReadRoot(reader, root, baseDir) with { Source = text, FilePath = path is null ? null : Path.GetFullPath(path) };
        return reader.Errors.Count > 0
            ? new ConfigLoadResult(null, reader.Errors, reader.Warnings)
            : new ConfigLoadResult(config, [], reader.Warnings);
    }

    /// <summary>The first YAML document's root; null when the text is empty.</summary>
    internal static YamlNode? ParseYaml(string text)
    {
        var stream = new YamlStream();
        // Merge keys (<<) are resolved by ConfigReader.Map, where explicit keys can win as in go-yaml.
        stream.Load(new Parser(new StringReader(text)));
        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }

    private static string StripMark(string message)
    {
        // YamlDotNet prefixes "(Line: 1, Col: 4, Idx: 3) - (Line: …): "; the position is already in the error.
        int i = message.LastIndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line", StringComparison.Ordinal) && i >= 0 ? message[(i + 3)..] : message;
    }

    private static PrometheusConfig ReadRoot(ConfigReader reader, YamlNode? root, string baseDir)
    {
        var map = reader.Map(root, "", "config.Config", TopKeys);
        if (map is null) return new PrometheusConfig();
        var global = ReadGlobal(reader, map.Node("global"));

        var ruleFiles = new List<string>();
        foreach (var (file, node, path) in PatternList(map, "rule_files"))
        {
            if (!RulePathPattern().IsMatch(file)) reader.Error(node, path, $"invalid rule file path {GoQuote.Quote(file)}");
            else ruleFiles.Add(JoinDir(baseDir, file));
        }
        var scrapeFiles = new List<string>();
        foreach (var (file, node, path) in PatternList(map, "scrape_config_files"))
        {
            if (!RulePathPattern().IsMatch(file)) reader.Error(node, path, $"invalid scrape config file path {GoQuote.Quote(file)}");
            else scrapeFiles.Add(JoinDir(baseDir, file));
        }

        var jobs = new List<ScrapeConfig>();
        var jobNames = new Dictionary<string, string>(StringComparer.Ordinal);
        ReadScrapeConfigs(reader, map.Node("scrape_configs"), "scrape_configs", global, baseDir, jobs, jobNames, "main config file");
        if (reader.Errors.Count == 0)
        {
            foreach (string pattern in scrapeFiles) ReadScrapeConfigFiles(reader, pattern, global, jobs, jobNames);
        }

        var other = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (string key in KeptSections)
            if (map.Node(key) is { } node) other[key] = node;
        ValidateKeptSections(reader, map);
        return new PrometheusConfig
        {
            Global = global,
            ScrapeConfigs = jobs,
            RuleFiles = ruleFiles,
            ScrapeConfigFiles = scrapeFiles,
            OtherSections = other,
        };
    }

    private static IEnumerable<(string Value, YamlNode Node, string Path)> PatternList(YamlMap map, string key)
    {
        var items = map.Reader.Sequence(map.Node(key), map.PathOf(key), "[]string");
        for (int i = 0; i < items.Count; i++)
        {
            string path = ConfigReader.Index(map.PathOf(key), i);
            if (map.Reader.String(items[i], path) is { } s) yield return (s, items[i], path);
        }
    }

    /// <summary>The kept sections must still be the right YAML kinds (a list for remote_write, …), as Prometheus checks.</summary>
    private static void ValidateKeptSections(ConfigReader reader, YamlMap map)
    {
        foreach (string key in (string[])["remote_write", "remote_read"])
        {
            var items = reader.Sequence(map.Node(key), key, key == "remote_write" ? "[]*config.RemoteWriteConfig" : "[]*config.RemoteReadConfig");
            for (int i = 0; i < items.Count; i++)
            {
                if (YamlScalars.IsNullNode(items[i]))
                    reader.Error(items[i], ConfigReader.Index(key, i), $"empty or null {key.Replace('_', ' ')} config section");
                else if (items[i] is not YamlMappingNode) reader.TypeError(items[i], ConfigReader.Index(key, i), "config.plain");
            }
        }
        foreach (string key in (string[])["runtime", "alerting", "storage", "tracing", "otlp"])
        {
            if (map.Node(key) is { } node && !YamlScalars.IsNullNode(node) && node is not YamlMappingNode)
                reader.TypeError(node, key, "config.plain");
        }
    }

    private static GlobalConfig ReadGlobal(ConfigReader reader, YamlNode? node)
    {
        var map = reader.Map(node, "global", "config.GlobalConfig", GlobalKeys);
        if (map is null) return new GlobalConfig();
        var scheme = ReadValidationScheme(map) ?? NameValidationScheme.Utf8;
        var defaults = new GlobalConfig();
        TimeSpan interval = map.Duration("scrape_interval") is { } i && i > TimeSpan.Zero ? i : defaults.ScrapeInterval;
        TimeSpan timeout = map.Duration("scrape_timeout") ?? TimeSpan.Zero;
        if (timeout > interval) reader.Error(node!, "global", "global scrape timeout greater than scrape interval");
        if (timeout == TimeSpan.Zero) timeout = defaults.ScrapeTimeout < interval ? defaults.ScrapeTimeout : interval;
        var protocols = ReadProtocols(map, "for global config");
        var global = new GlobalConfig
        {
            ScrapeInterval = interval,
            ScrapeTimeout = timeout,
            EvaluationInterval = map.Duration("evaluation_interval") is { } e && e > TimeSpan.Zero ? e : defaults.EvaluationInterval,
            RuleQueryOffset = map.Duration("rule_query_offset") ?? TimeSpan.Zero,
            QueryLogFile = map.String("query_log_file") ?? "",
            ScrapeFailureLogFile = map.String("scrape_failure_log_file") ?? "",
            ExternalLabels = ReadExternalLabels(map, scheme),
            ScrapeProtocols = protocols,
            BodySizeLimit = map.Base2Bytes("body_size_limit") ?? 0,
            SampleLimit = map.UInt("sample_limit") ?? 0,
            TargetLimit = map.UInt("target_limit") ?? 0,
            LabelLimit = map.UInt("label_limit") ?? 0,
            LabelNameLengthLimit = map.UInt("label_name_length_limit") ?? 0,
            LabelValueLengthLimit = map.UInt("label_value_length_limit") ?? 0,
            KeepDroppedTargets = map.UInt("keep_dropped_targets") ?? 0,
            MetricNameValidationScheme = scheme,
            ExtraScrapeMetrics = map.Bool("extra_scrape_metrics") ?? false,
        };
        // Accepted, not used by the scraper: read for their types only.
        map.String("metric_name_escaping_scheme");
        map.Bool("scrape_native_histograms");
        map.Bool("convert_classic_histograms_to_nhcb");
        map.Bool("always_scrape_classic_histograms");
        return global;
    }

    private static NameValidationScheme? ReadValidationScheme(YamlMap map)
    {
        string? text = map.String("metric_name_validation_scheme");
        switch (text)
        {
            case null or "": return null;
            case "utf8": return NameValidationScheme.Utf8;
            case "legacy": return NameValidationScheme.Legacy;
            default:
                map.Reader.Error(map.Node("metric_name_validation_scheme")!, map.PathOf("metric_name_validation_scheme"),
                    $"unrecognized name validation scheme {GoQuote.Quote(text)}, must be either '', 'legacy' or 'utf8'");
                return null;
        }
    }

    /// <summary>external_labels: a map of label name to value; <c>$VAR</c>/<c>${VAR}</c> in values expand from the environment (config.go Load).</summary>
    private static Labels ReadExternalLabels(YamlMap map, NameValidationScheme scheme)
    {
        var labels = ReadLabelMap(map.Reader, map.Node("external_labels"), map.PathOf("external_labels"), scheme, "labels.Labels");
        if (labels.Count == 0) return Labels.Empty;
        var builder = new LabelsBuilder();
        foreach (var label in labels.AsSpan()) builder.Set(label.Name, ExpandEnvironment(label.Value));
        return builder.Build();
    }

    /// <summary>A YAML map of label names to values, names checked under <paramref name="scheme"/>.</summary>
    internal static Labels ReadLabelMap(ConfigReader reader, YamlNode? node, string path, NameValidationScheme scheme, string goType)
    {
        if (YamlScalars.IsNullNode(node)) return Labels.Empty;
        if (node is not YamlMappingNode mapping)
        {
            reader.TypeError(node!, path, goType);
            return Labels.Empty;
        }
        var builder = new LabelsBuilder();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            string name = keyNode is YamlScalarNode k ? k.Value ?? "" : "";
            string itemPath = ConfigReader.Join(path, name);
            if (!scheme.IsValidLabelName(name))
            {
                reader.Error(keyNode, itemPath, $"{GoQuote.Quote(name)} is not a valid label name");
                continue;
            }
            if (valueNode is not YamlScalarNode)
            {
                reader.TypeError(valueNode, itemPath, "model.LabelValue");
                continue;
            }
            string value = reader.String(valueNode, itemPath) ?? "";
            if (!LabelValidation.IsValidLabelValue(value))
            {
                reader.Error(valueNode, itemPath, $"{GoQuote.Quote(value)} is not a valid label value");
                continue;
            }
            builder.Set(name, value);
        }
        return builder.Build();
    }

    /// <summary>Go's <c>os.Expand</c> with <c>os.Getenv</c>: <c>$$</c> is a literal dollar.</summary>
    internal static string ExpandEnvironment(string value)
    {
        if (!value.Contains('$', StringComparison.Ordinal)) return value;
        var sb = new System.Text.StringBuilder(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] != '$' || i + 1 >= value.Length)
            {
                sb.Append(value[i]);
                continue;
            }
            char next = value[i + 1];
            if (next == '$') { sb.Append('$'); i++; continue; }
            if (next == '{')
            {
                int close = value.IndexOf('}', i + 2);
                if (close < 0) { sb.Append(value[i]); continue; }
                sb.Append(Environment.GetEnvironmentVariable(value[(i + 2)..close]) ?? "");
                i = close;
                continue;
            }
            int end = i + 1;
            while (end < value.Length && (char.IsAsciiLetterOrDigit(value[end]) || value[end] == '_')) end++;
            if (end == i + 1) { sb.Append('$'); continue; }
            sb.Append(Environment.GetEnvironmentVariable(value[(i + 1)..end]) ?? "");
            i = end - 1;
        }
        return sb.ToString();
    }

    /// <summary>scrape_protocols: non-empty, known, no duplicates (config.go validateAcceptScrapeProtocols).</summary>
    private static List<string>? ReadProtocols(YamlMap map, string suffix)
    {
        var list = map.StringList("scrape_protocols");
        if (list is null) return null;
        var node = map.Node("scrape_protocols")!;
        string path = map.PathOf("scrape_protocols");
        if (list.Count == 0)
        {
            map.Reader.Error(node, path, $"scrape_protocols cannot be empty {suffix}");
            return null;
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string p in list)
        {
            if (!seen.Add(p))
            {
                map.Reader.Error(node, path, $"duplicated protocol in scrape_protocols, got [{string.Join(' ', list)}] {suffix}");
                return null;
            }
            if (!ScrapeProtocols.IsSupported(p))
            {
                map.Reader.Error(node, path, $"scrape_protocols: unknown scrape protocol {p}, supported: {ScrapeProtocols.SupportedList} {suffix}");
                return null;
            }
        }
        return list;
    }

    /// <summary>prometheus/common <c>JoinDir</c>: relative paths are taken from the config file's directory.</summary>
    internal static string JoinDir(string dir, string path) =>
        path.Length == 0 || Path.IsPathRooted(path) ? path : Path.Combine(dir, path);
}
