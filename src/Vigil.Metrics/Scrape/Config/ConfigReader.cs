using Vigil.Metrics.GoText;
using YamlDotNet.RepresentationModel;

namespace Vigil.Metrics.Scrape.Config;

/// <summary>
/// Strict, position-aware reading of a YAML tree into config records: collects every error with its
/// line, column and key path instead of stopping at the first, and words them as go-yaml v2 and
/// Prometheus do. One reader per load; not thread-safe.
/// </summary>
internal sealed class ConfigReader
{
    public List<ConfigError> Errors { get; } = [];
    public List<string> Warnings { get; } = [];

    public void Error(YamlNode node, string path, string message) =>
        Errors.Add(new ConfigError((int)node.Start.Line, (int)node.Start.Column, path, message));

    /// <summary>
    /// Opens a mapping with a fixed key set. Unknown and repeated keys are reported as Go reports them
    /// (<c>field x not found in type T</c>, <c>field x already set in type T</c>). Returns null for a null
    /// node (the caller keeps its defaults) or a node that is not a mapping (reported).
    /// </summary>
    public YamlMap? Map(YamlNode? node, string path, string goType, IReadOnlySet<string> known)
    {
        if (YamlScalars.IsNullNode(node)) return null;
        if (node is not YamlMappingNode mapping)
        {
            TypeError(node!, path, goType);
            return null;
        }
        var map = new YamlMap(this, path);
        YamlNode? merge = null;
        foreach (var (keyNode, value) in mapping.Children)
        {
            string key = keyNode is YamlScalarNode s ? s.Value ?? "" : "";
            if (key == "<<" && keyNode is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain })
            {
                merge = value;
                continue;
            }
            AddKey(map, keyNode, key, value, path, goType, known);
        }
        // YAML merge keys (<<: *anchor), as go-yaml resolves them: explicit keys win, then earlier merged maps.
        var sources = merge switch
        {
            YamlMappingNode one => [one],
            YamlSequenceNode many => many.Children.OfType<YamlMappingNode>().ToArray(),
            _ => Array.Empty<YamlMappingNode>(),
        };
        foreach (var source in sources)
        {
            foreach (var (keyNode, value) in source.Children)
            {
                string key = keyNode is YamlScalarNode s ? s.Value ?? "" : "";
                if (!map.Has(key)) AddKey(map, keyNode, key, value, path, goType, known);
            }
        }
        return map;
    }

    private void AddKey(YamlMap map, YamlNode keyNode, string key, YamlNode value, string path, string goType, IReadOnlySet<string> known)
    {
        if (!known.Contains(key))
        {
            Error(keyNode, Join(path, key), $"field {key} not found in type {goType}");
            return;
        }
        if (!map.TryAdd(key, keyNode, value)) Error(keyNode, Join(path, key), $"field {key} already set in type {goType}");
    }

    /// <summary>A sequence's items (empty for null); anything else is reported.</summary>
    public IReadOnlyList<YamlNode> Sequence(YamlNode? node, string path, string goType)
    {
        if (YamlScalars.IsNullNode(node)) return [];
        if (node is YamlSequenceNode seq) return seq.Children.ToArray();
        TypeError(node!, path, goType);
        return [];
    }

    public void TypeError(YamlNode node, string path, string goType)
    {
        string tag = YamlScalars.Tag(node);
        string shown = node is YamlScalarNode s ? $" `{s.Value}`" : "";
        Error(node, path, $"cannot unmarshal {tag}{shown} into {goType}");
    }

    /// <summary>A scalar read as a Go string (any scalar converts; null is ""); sequences and maps are errors.</summary>
    public string? String(YamlNode? node, string path)
    {
        if (node is null) return null;
        if (node is YamlScalarNode s) return YamlScalars.ScalarTag(s) == YamlScalars.Null ? "" : s.Value ?? "";
        TypeError(node, path, "string");
        return null;
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    public static string Index(string path, int i) => $"{path}[{i}]";

    /// <summary>Prometheus's <c>model.Duration</c>: unmarshalled as a string, then parsed.</summary>
    public TimeSpan? Duration(YamlNode? node, string path)
    {
        string? text = String(node, path);
        if (text is null) return null;
        if (text.Length == 0)
        {
            Error(node!, path, "empty duration string");
            return null;
        }
        if (!Vigil.Core.Text.Duration.TryParse(text, out var value))
        {
            Error(node!, path, $"not a valid duration string: {GoQuote.Quote(text)}");
            return null;
        }
        return value;
    }

    public bool? Bool(YamlNode? node, string path)
    {
        if (node is null || YamlScalars.IsNullNode(node)) return null;
        if (node is YamlScalarNode s && YamlScalars.ScalarTag(s) == YamlScalars.Bool && YamlScalars.TryBool(s.Value ?? "", out bool b))
            return b;
        TypeError(node, path, "bool");
        return null;
    }

    /// <summary>An unsigned integer (Go <c>uint</c>/<c>uint64</c>).</summary>
    public ulong? UInt(YamlNode? node, string path, string goType = "uint")
    {
        if (node is null || YamlScalars.IsNullNode(node)) return null;
        if (node is YamlScalarNode s && YamlScalars.ScalarTag(s) == YamlScalars.Int && YamlScalars.TryInt(s.Value ?? "", out long v) && v >= 0)
            return (ulong)v;
        TypeError(node, path, goType);
        return null;
    }

    /// <summary>
    /// <c>units.Base2Bytes</c> (alecthomas/units): a number with a unit, all powers of 1024: B, KB/KiB,
    /// MB/MiB, GB/GiB, TB/TiB, PB/PiB, EB/EiB; several may be chained (<c>1GB512MB</c>). A bare number has
    /// no unit and is refused, as in Prometheus.
    /// </summary>
    public long? Base2Bytes(YamlNode? node, string path)
    {
        string? text = String(node, path);
        if (text is null) return null;
        if (TryParseBase2Bytes(text, out long bytes, out string? error)) return bytes;
        Error(node!, path, error!);
        return null;
    }

    internal static bool TryParseBase2Bytes(string s, out long bytes, out string? error)
    {
        bytes = 0;
        error = null;
        if (s.Length == 0 || s == "0")
        {
            if (s.Length == 0) error = "units: invalid " + s;
            return s.Length != 0;
        }
        int pos = 0;
        double total = 0;
        while (pos < s.Length)
        {
            int start = pos;
            while (pos < s.Length && (char.IsAsciiDigit(s[pos]) || s[pos] == '.')) pos++;
            if (pos == start || !double.TryParse(s.AsSpan(start, pos - start), System.Globalization.NumberStyles.AllowDecimalPoint,
                    System.Globalization.CultureInfo.InvariantCulture, out double n))
            {
                error = "units: invalid " + s;
                return false;
            }
            int unitStart = pos;
            while (pos < s.Length && !(char.IsAsciiDigit(s[pos]) || s[pos] == '.')) pos++;
            string unit = s[unitStart..pos];
            long factor = unit switch
            {
                "B" => 1,
                "KB" or "KiB" => 1L << 10,
                "MB" or "MiB" => 1L << 20,
                "GB" or "GiB" => 1L << 30,
                "TB" or "TiB" => 1L << 40,
                "PB" or "PiB" => 1L << 50,
                "EB" or "EiB" => 1L << 60,
                _ => 0,
            };
            if (factor == 0)
            {
                error = $"units: unknown unit {unit} in {s}";
                return false;
            }
            total += n * factor;
        }
        if (total >= long.MaxValue)
        {
            error = "units: invalid " + s;
            return false;
        }
        bytes = (long)total;
        return true;
    }

    /// <summary>A list of strings (<c>[]string</c>); null when absent.</summary>
    public List<string>? StringList(YamlNode? node, string path)
    {
        if (node is null) return null;
        if (YamlScalars.IsNullNode(node)) return [];
        if (node is not YamlSequenceNode seq)
        {
            TypeError(node, path, "[]string");
            return null;
        }
        var list = new List<string>(seq.Children.Count);
        for (int i = 0; i < seq.Children.Count; i++)
        {
            if (String(seq.Children[i], Index(path, i)) is { } s) list.Add(s);
        }
        return list;
    }
}

/// <summary>The keys of one YAML mapping, read by name. Created by <see cref="ConfigReader.Map"/>.</summary>
internal sealed class YamlMap(ConfigReader reader, string path)
{
    private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);

    public ConfigReader Reader => reader;
    public string PathOf(string key) => ConfigReader.Join(path, key);
    public string Path => path;

    internal bool TryAdd(string key, YamlNode keyNode, YamlNode value) => _entries.TryAdd(key, (keyNode, value));

    public bool Has(string key) => _entries.ContainsKey(key);

    public YamlNode? Node(string key) => _entries.TryGetValue(key, out var e) ? e.Value : null;

    public YamlNode? KeyNode(string key) => _entries.TryGetValue(key, out var e) ? e.Key : null;

    public IEnumerable<string> Keys => _entries.Keys;

    public string? String(string key) => reader.String(Node(key), PathOf(key));
    public bool? Bool(string key) => reader.Bool(Node(key), PathOf(key));
    public TimeSpan? Duration(string key) => reader.Duration(Node(key), PathOf(key));
    public ulong? UInt(string key, string goType = "uint") => reader.UInt(Node(key), PathOf(key), goType);
    public long? Base2Bytes(string key) => reader.Base2Bytes(Node(key), PathOf(key));
    public List<string>? StringList(string key) => reader.StringList(Node(key), PathOf(key));
}
