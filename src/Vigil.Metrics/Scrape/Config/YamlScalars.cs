using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vigil.Metrics.Scrape.Config;

/// <summary>
/// YAML 1.1 scalar resolution as go-yaml v2 (Prometheus's parser) does it, so type errors name the same
/// tags (<c>cannot unmarshal !!str `maybe` into bool</c>) and the same spellings are accepted
/// (<c>yes</c>/<c>on</c> are booleans, <c>0x10</c> is an int).
/// </summary>
internal static class YamlScalars
{
    public const string Null = "!!null", Bool = "!!bool", Int = "!!int", Float = "!!float", Str = "!!str", Seq = "!!seq", Map = "!!map";

    /// <summary>The resolved tag of any node (<c>!!seq</c>, <c>!!map</c>, or the scalar's).</summary>
    public static string Tag(YamlNode node) => node switch
    {
        YamlSequenceNode => Seq,
        YamlMappingNode => Map,
        YamlScalarNode s => ScalarTag(s),
        _ => Str,
    };

    public static string ScalarTag(YamlScalarNode node)
    {
        if (!node.Tag.IsEmpty && !node.Tag.IsNonSpecific)
        {
            string tag = node.Tag.Value;
            return tag.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal) ? "!!" + tag["tag:yaml.org,2002:".Length..] : tag;
        }
        if (node.Style != ScalarStyle.Plain) return Str;
        string v = node.Value ?? "";
        if (IsNull(v)) return Null;
        if (TryBool(v, out _)) return Bool;
        if (TryInt(v, out _)) return Int;
        if (TryFloat(v, out _)) return Float;
        return Str;
    }

    public static bool IsNullNode(YamlNode? node) => node is null || (node is YamlScalarNode s && ScalarTag(s) == Null);

    public static bool IsNull(string v) => v is "" or "~" or "null" or "Null" or "NULL";

    public static bool TryBool(string v, out bool value)
    {
        switch (v)
        {
            case "y" or "Y" or "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON":
                value = true; return true;
            case "n" or "N" or "no" or "No" or "NO" or "false" or "False" or "FALSE" or "off" or "Off" or "OFF":
                value = false; return true;
            default:
                value = false; return false;
        }
    }

    /// <summary>Decimal, <c>0x</c>, <c>0o</c>/leading-zero octal and <c>0b</c> integers, with sign and underscores.</summary>
    public static bool TryInt(string v, out long value)
    {
        value = 0;
        if (v.Length == 0) return false;
        string s = v.Replace("_", "", StringComparison.Ordinal);
        if (s.Length == 0) return false; // "_" alone is not a number
        bool negative = false;
        if (s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s.Length == 0) return false;
        ulong u;
        bool ok;
        if (s.StartsWith("0x", StringComparison.Ordinal)) ok = ulong.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out u);
        else if (s.StartsWith("0b", StringComparison.Ordinal)) ok = ulong.TryParse(s.AsSpan(2), NumberStyles.AllowBinarySpecifier, CultureInfo.InvariantCulture, out u);
        else if (s.StartsWith("0o", StringComparison.Ordinal)) ok = TryOctal(s.AsSpan(2), out u);
        else if (s.Length > 1 && s[0] == '0') ok = TryOctal(s.AsSpan(1), out u);
        else ok = ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out u);
        if (!ok || u > (negative ? 1UL << 63 : long.MaxValue)) return false;
        value = negative ? (long)(0 - u) : (long)u;
        return true;
    }

    private static bool TryOctal(ReadOnlySpan<char> s, out ulong value)
    {
        value = 0;
        if (s.IsEmpty) return false;
        foreach (char c in s)
        {
            if (c is < '0' or > '7' || value > ulong.MaxValue / 8) return false;
            value = value * 8 + (ulong)(c - '0');
        }
        return true;
    }

    public static bool TryFloat(string v, out double value)
    {
        value = 0;
        switch (v)
        {
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF": value = double.PositiveInfinity; return true;
            case "-.inf" or "-.Inf" or "-.INF": value = double.NegativeInfinity; return true;
            case ".nan" or ".NaN" or ".NAN": value = double.NaN; return true;
        }
        if (v.Length == 0 || !(char.IsAsciiDigit(v[0]) || v[0] is '.' or '+' or '-')) return false;
        return double.TryParse(v.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
