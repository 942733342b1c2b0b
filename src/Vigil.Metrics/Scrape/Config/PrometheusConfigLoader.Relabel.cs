using Vigil.Metrics.GoText;
using Vigil.Metrics.Scrape.Relabel;
using YamlDotNet.RepresentationModel;

namespace Vigil.Metrics.Scrape.Config;

internal static partial class PrometheusConfigLoader
{
    private static readonly HashSet<string> RelabelKeys =
        ["source_labels", "separator", "regex", "modulus", "target_label", "replacement", "action"];

    private static List<RelabelConfig> ReadRelabelConfigs(YamlMap map, string key, string nullMessage, NameValidationScheme scheme)
    {
        var reader = map.Reader;
        var result = new List<RelabelConfig>();
        var items = reader.Sequence(map.Node(key), map.PathOf(key), "[]*relabel.Config");
        for (int i = 0; i < items.Count; i++)
        {
            string path = ConfigReader.Index(map.PathOf(key), i);
            if (YamlScalars.IsNullNode(items[i]))
            {
                reader.Error(items[i], path, nullMessage);
                continue;
            }
            if (ReadRelabelConfig(reader, items[i], path, scheme) is { } config) result.Add(config);
        }
        return result;
    }

    /// <summary>One relabel config: relabel.go's UnmarshalYAML (defaults, action, regex compile) then Validate.</summary>
    internal static RelabelConfig? ReadRelabelConfig(ConfigReader reader, YamlNode node, string path, NameValidationScheme scheme)
    {
        var m = reader.Map(node, path, "relabel.Config", RelabelKeys);
        if (m is null) return null;
        int errorsBefore = reader.Errors.Count;
        var config = new RelabelConfig();

        if (m.Node("action") is { } actionNode && reader.String(actionNode, m.PathOf("action")) is { } actionText)
        {
            if (RelabelActions.TryParse(actionText, out var action)) config = config with { Action = action };
            else reader.Error(actionNode, m.PathOf("action"), $"unknown relabel action {GoQuote.Quote(actionText)}");
        }
        if (m.StringList("source_labels") is { } sources)
        {
            var sourceNode = m.Node("source_labels")!;
            foreach (string s in sources)
            {
                // model.LabelName's UnmarshalYAML: in Prometheus 3 any non-empty UTF-8 name.
                if (s.Length == 0) reader.Error(sourceNode, m.PathOf("source_labels"), $"{GoQuote.Quote(s)} is not a valid label name");
            }
            config = config with { SourceLabels = sources };
        }
        if (m.Has("separator")) config = config with { Separator = m.String("separator") ?? "" };
        if (m.Node("regex") is { } regexNode && !YamlScalars.IsNullNode(regexNode))
        {
            string pattern = reader.String(regexNode, m.PathOf("regex")) ?? "";
            try
            {
                RelabelRegex.Compile(pattern);
                config = config with { Regex = pattern, RegexSet = true };
            }
            catch (FormatException e)
            {
                reader.Error(regexNode, m.PathOf("regex"), e.Message);
            }
        }
        if (m.UInt("modulus", "uint64") is { } modulus) config = config with { Modulus = modulus };
        if (m.Has("target_label")) config = config with { TargetLabel = m.String("target_label") ?? "" };
        if (m.Has("replacement")) config = config with { Replacement = m.String("replacement") ?? "" };
        if (reader.Errors.Count > errorsBefore) return null;

        if (config.Validate(scheme) is { } problem)
        {
            reader.Error(node, path, problem);
            return null;
        }
        return config;
    }
}
