using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using Vigil.Core.Text;
using YamlDotNet.RepresentationModel;

namespace Vigil.Configuration;

/// <summary>
/// Binds a YAML node tree onto the option classes by reflection: mapping keys are the snake_case of
/// property names, unknown keys and wrong types are errors (with a "did you mean" for near misses), and
/// [Range]/[ByteSize] are applied. Errors are collected, not thrown, so one run reports them all.
/// </summary>
internal sealed class ConfigBinder
{
    private readonly Func<YamlNode, string> _locate;
    private readonly List<ConfigError> _errors;

    public ConfigBinder(Func<YamlNode, string> locate, List<ConfigError> errors)
    {
        _locate = locate;
        _errors = errors;
    }

    public void Bind(object target, YamlMappingNode node, string path)
    {
        var properties = KeysOf(target.GetType());
        foreach (var (keyNode, valueNode) in node.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                Error(keyNode, path, "keys must be plain names");
                continue;
            }
            string keyPath = path.Length == 0 ? key : path + "." + key;
            if (!properties.TryGetValue(key, out var property))
            {
                string hint = Suggest(key, properties.Keys);
                string where = path.Length == 0 ? "at the top level" : $"in \"{path}\"";
                Error(keyNode, keyPath, $"unknown key \"{key}\" {where}{hint}; known keys: {string.Join(", ", properties.Keys)}");
                continue;
            }
            BindProperty(target, property, valueNode, keyPath);
        }
    }

    /// <summary>The dotted paths of every leaf key, for docs checks and flag validation.</summary>
    public static IEnumerable<(string Path, PropertyInfo Property)> LeafKeys(Type type, string prefix = "")
    {
        foreach (var (key, property) in KeysOf(type))
        {
            string path = prefix.Length == 0 ? key : prefix + "." + key;
            if (IsSection(property.PropertyType))
            {
                foreach (var leaf in LeafKeys(property.PropertyType, path)) yield return leaf;
            }
            else
            {
                yield return (path, property);
            }
        }
    }

    public static SortedDictionary<string, PropertyInfo> KeysOf(Type type)
    {
        var result = new SortedDictionary<string, PropertyInfo>(StringComparer.Ordinal);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.CanWrite) result[SnakeCase(property.Name)] = property;
        }
        return result;
    }

    public static bool IsSection(Type type) => type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type);

    public static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private void BindProperty(object target, PropertyInfo property, YamlNode node, string path)
    {
        var type = property.PropertyType;
        if (IsSection(type))
        {
            if (node is YamlScalarNode { Value: null or "" or "~" or "null" })
            {
                return; // an empty section keeps its defaults
            }
            if (node is not YamlMappingNode mapping)
            {
                Error(node, path, "expected a section of keys, got " + Describe(node));
                return;
            }
            var section = property.GetValue(target) ?? Activator.CreateInstance(type)!;
            Bind(section, mapping, path);
            property.SetValue(target, section);
            return;
        }
        if (type == typeof(List<string>))
        {
            var list = new List<string>();
            if (node is YamlSequenceNode sequence)
            {
                foreach (var item in sequence.Children)
                {
                    if (item is YamlScalarNode { Value: { } text })
                    {
                        list.AddRange(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    }
                    else
                    {
                        Error(item, path, "expected a list of strings, got an item that is " + Describe(item));
                    }
                }
            }
            else if (node is YamlScalarNode scalarList)
            {
                // "a, b" and a single value are accepted too: that is how flags and variables give lists.
                foreach (var part in (scalarList.Value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    list.Add(part);
                }
            }
            else
            {
                Error(node, path, "expected a list of strings, got " + Describe(node));
                return;
            }
            property.SetValue(target, list);
            return;
        }
        if (node is not YamlScalarNode { Value: var raw })
        {
            Error(node, path, $"expected a single value, got {Describe(node)}");
            return;
        }
        string value = raw ?? string.Empty;
        if (TryConvert(property, value, out object? converted, out string expected))
        {
            if (property.GetCustomAttribute<RangeAttribute>() is { } range && converted is IConvertible number)
            {
                long n = number.ToInt64(CultureInfo.InvariantCulture);
                if (n < range.Min || n > range.Max)
                {
                    Error(node, path, $"must be between {range.Min} and {range.Max}, got {value}");
                    return;
                }
            }
            property.SetValue(target, converted);
        }
        else
        {
            Error(node, path, $"expected {expected}, got \"{value}\"");
        }
    }

    private static bool TryConvert(PropertyInfo property, string value, out object? result, out string expected)
    {
        var type = property.PropertyType;
        result = null;
        expected = type.Name;
        if (type == typeof(string))
        {
            result = value;
            return true;
        }
        if (type == typeof(bool))
        {
            expected = "true or false";
            switch (value.ToLowerInvariant())
            {
                case "true": result = true; return true;
                case "false": result = false; return true;
                default: return false;
            }
        }
        if (type == typeof(int))
        {
            expected = "an integer";
            if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int i)) { result = i; return true; }
            return false;
        }
        if (type == typeof(long))
        {
            if (property.GetCustomAttribute<ByteSizeAttribute>() is not null)
            {
                expected = "a size such as 64MiB, 512MB or 1048576";
                if (ByteSize.TryParse(value, out long bytes)) { result = bytes; return true; }
                return false;
            }
            expected = "an integer";
            if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)) { result = l; return true; }
            return false;
        }
        if (type == typeof(double))
        {
            expected = "a number";
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) { result = d; return true; }
            return false;
        }
        if (type == typeof(TimeSpan))
        {
            expected = "a duration such as 15s, 1m30s or 500ms";
            if (Duration.TryParse(value, out var span)) { result = span; return true; }
            return false;
        }
        if (type.IsEnum)
        {
            var names = Enum.GetNames(type).Select(SnakeCase).ToArray();
            expected = "one of " + string.Join(", ", names);
            foreach (var name in Enum.GetNames(type))
            {
                if (string.Equals(SnakeCase(name), value, StringComparison.OrdinalIgnoreCase)
                    || (name == "Warn" && value.Equals("warning", StringComparison.OrdinalIgnoreCase)))
                {
                    result = Enum.Parse(type, name);
                    return true;
                }
            }
            return false;
        }
        return false;
    }

    private void Error(YamlNode node, string path, string message) => _errors.Add(new ConfigError(_locate(node), path, message));

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a section of keys",
        YamlSequenceNode => "a list",
        YamlScalarNode s => $"\"{s.Value}\"",
        _ => "something else",
    };

    private static string Suggest(string key, IEnumerable<string> known)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            int d = Levenshtein(key, candidate);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = candidate;
            }
        }
        return best is not null && bestDistance <= Math.Max(2, key.Length / 3) ? $" (did you mean \"{best}\"?)" : string.Empty;
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
