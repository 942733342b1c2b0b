using System.Text.Json;
using Vigil.Metrics.GoText;
using Vigil.Metrics.Model;
using Vigil.Metrics.Scrape.Config;

namespace Vigil.Metrics.Scrape.Discovery;

/// <summary>
/// Reads a file_sd file: a JSON or YAML list of target groups (<c>[{"targets": [...], "labels": {...}}]</c>),
/// as discovery/file's <c>readFile</c>: the extension picks the format, YAML is strict (unknown keys are
/// errors), JSON ignores unknown keys (Go's encoding/json), each group gets <c>__meta_filepath</c> and
/// the source <c>path:index</c>.
/// </summary>
internal static class TargetGroupFile
{
    public const string FilepathLabel = "__meta_filepath";

    /// <summary>The file's groups; throws <see cref="FormatException"/> with the reason when the content is invalid.</summary>
    public static List<TargetGroup> Parse(string path, string content)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        var groups = ext == ".json" ? ParseJson(path, content) : ParseYaml(path, content);
        for (int i = 0; i < groups.Count; i++)
        {
            var labels = new LabelsBuilder(groups[i].Labels).Set(FilepathLabel, path).Build();
            groups[i] = groups[i] with { Source = $"{path}:{i}", Labels = labels };
        }
        return groups;
    }

    private static List<TargetGroup> ParseYaml(string path, string content)
    {
        var reader = new ConfigReader();
        YamlDotNet.RepresentationModel.YamlNode? root;
        try
        {
            root = PrometheusConfigLoader.ParseYaml(content);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new FormatException($"yaml: line {e.Start.Line}: {e.Message}", e);
        }
        var result = new List<TargetGroup>();
        var items = reader.Sequence(root, "", "[]*targetgroup.Group");
        for (int i = 0; i < items.Count; i++)
        {
            if (YamlScalars.IsNullNode(items[i]))
            {
                reader.Error(items[i], ConfigReader.Index("", i), "nil target group item found");
                continue;
            }
            if (PrometheusConfigLoader.ReadTargetGroup(reader, items[i], ConfigReader.Index("", i), "") is { } group) result.Add(group);
        }
        if (reader.Errors.Count > 0) throw new FormatException(string.Join("; ", reader.Errors.Select(e => e.ToString())));
        return result;
    }

    private static List<TargetGroup> ParseJson(string path, string content)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(content);
        }
        catch (JsonException e)
        {
            throw new FormatException(e.Message, e);
        }
        using (doc)
        {
            var result = new List<TargetGroup>();
            if (doc.RootElement.ValueKind == JsonValueKind.Null) return result;
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
                throw new FormatException($"json: cannot unmarshal {JsonKind(doc.RootElement)} into Go value of type []*targetgroup.Group");
            foreach (var item in doc.RootElement.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Null) throw new FormatException("nil target group item found");
                if (item.ValueKind != JsonValueKind.Object)
                    throw new FormatException($"json: cannot unmarshal {JsonKind(item)} into Go value of type targetgroup.Group");
                var targets = new List<Labels>();
                if (item.TryGetProperty("targets", out var t) && t.ValueKind != JsonValueKind.Null)
                {
                    if (t.ValueKind != JsonValueKind.Array) throw new FormatException($"json: cannot unmarshal {JsonKind(t)} into Go struct field .targets of type []string");
                    foreach (var target in t.EnumerateArray())
                    {
                        if (target.ValueKind != JsonValueKind.String) throw new FormatException($"json: cannot unmarshal {JsonKind(target)} into Go struct field .targets of type string");
                        targets.Add(Labels.Of(TargetGroup.AddressLabel, target.GetString()!));
                    }
                }
                var lb = new LabelsBuilder();
                if (item.TryGetProperty("labels", out var l) && l.ValueKind != JsonValueKind.Null)
                {
                    if (l.ValueKind != JsonValueKind.Object) throw new FormatException($"json: cannot unmarshal {JsonKind(l)} into Go struct field .labels of type model.LabelSet");
                    foreach (var p in l.EnumerateObject())
                    {
                        if (!LabelValidation.IsValidLabelName(p.Name)) throw new FormatException($"{GoQuote.Quote(p.Name)} is not a valid label name");
                        if (p.Value.ValueKind != JsonValueKind.String) throw new FormatException($"json: cannot unmarshal {JsonKind(p.Value)} into Go struct field .labels of type model.LabelValue");
                        lb.Set(p.Name, p.Value.GetString()!);
                    }
                }
                result.Add(new TargetGroup("", targets, lb.Build()));
            }
            return result;
        }
    }

    private static string JsonKind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "null",
    };
}
