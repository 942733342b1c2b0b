namespace Vigil.Metrics.Model;

/// <summary>
/// Label name and value rules of Prometheus 3.x: names and values are any valid UTF-8 (names
/// non-empty); <see cref="IsLegacyMetricName"/> and <see cref="IsLegacyLabelName"/> are the 2.x
/// character sets that exposition and escaping still use.
/// </summary>
public static class LabelValidation
{
    /// <summary><c>[a-zA-Z_:][a-zA-Z0-9_:]*</c></summary>
    public static bool IsLegacyMetricName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty) return false;
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            bool ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or ':' || (i > 0 && c is >= '0' and <= '9');
            if (!ok) return false;
        }
        return true;
    }

    /// <summary><c>[a-zA-Z_][a-zA-Z0-9_]*</c></summary>
    public static bool IsLegacyLabelName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty) return false;
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            bool ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (i > 0 && c is >= '0' and <= '9');
            if (!ok) return false;
        }
        return true;
    }

    /// <summary>UTF-8 validation (Prometheus 3.x): non-empty and no lone surrogates.</summary>
    public static bool IsValidLabelName(ReadOnlySpan<char> name) => !name.IsEmpty && IsValidUtf16(name);

    public static bool IsValidLabelValue(ReadOnlySpan<char> value) => IsValidUtf16(value);

    /// <summary>Checks a whole set: a metric name present and valid, every name valid and unique. Null when fine.</summary>
    public static string? Validate(Labels labels)
    {
        string? previous = null;
        bool hasName = false;
        foreach (var label in labels.AsSpan())
        {
            if (!IsValidLabelName(label.Name)) return $"invalid label name \"{label.Name}\"";
            if (!IsValidLabelValue(label.Value)) return $"invalid label value for \"{label.Name}\"";
            if (previous is not null && string.Equals(previous, label.Name, StringComparison.Ordinal))
                return $"duplicate label name \"{label.Name}\"";
            if (label.Name == Labels.MetricName) hasName = label.Value.Length > 0;
            previous = label.Name;
        }
        return hasName ? null : "missing metric name";
    }

    private static bool IsValidUtf16(ReadOnlySpan<char> s) => s.IndexOfAnyInRange('\uD800', '\uDFFF') < 0 || Utf16Scan(s);

    private static bool Utf16Scan(ReadOnlySpan<char> s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])) return false;
                i++;
            }
            else if (char.IsLowSurrogate(c)) return false;
        }
        return true;
    }
}
