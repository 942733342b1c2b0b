using System.Collections.Concurrent;
using System.Text;
using Vigil.Metrics.GoText;
using Vigil.Metrics.Scrape;

namespace Vigil.Metrics.Ingest.Otlp;

/// <summary>
/// Attribute keys as Prometheus label names (prometheus/otlptranslator label_namer.go, strconv.go). With
/// escaping: characters outside <c>[a-zA-Z0-9]</c> become <c>_</c> and runs collapse, except that a
/// reserved <c>__x__</c> name keeps its double underscores; a leading digit gets <c>key_</c>; optionally a
/// single leading <c>_</c> gets <c>key</c>. Thread-safe; results are cached (bounded), since the same
/// attribute keys arrive in every request.
/// </summary>
internal sealed class LabelNamer(bool utf8Allowed, bool underscoreSanitization, bool preserveMultipleUnderscores)
{
    /// <summary>Beyond this many distinct keys nothing more is cached (a sender inventing keys cannot grow memory).</summary>
    internal const int MaxCached = 10_000;

    private readonly ConcurrentDictionary<string, string> _cache = new(StringComparer.Ordinal);

    /// <summary>The label name, or null with <paramref name="error"/> in upstream wording.</summary>
    public string? Build(string key, out string? error)
    {
        error = null;
        if (_cache.TryGetValue(key, out string? cached)) return cached;
        string? built = BuildUncached(key, out error);
        if (built is not null && _cache.Count < MaxCached) _cache.TryAdd(key, built);
        return built;
    }

    private string? BuildUncached(string key, out string? error)
    {
        error = null;
        if (key.Length == 0)
        {
            error = "label name is empty";
            return null;
        }
        if (utf8Allowed)
        {
            if (key.AsSpan().IndexOfAnyExcept('_') < 0)
            {
                error = $"label name {GoQuote.Quote(key)} contains only underscores";
                return null;
            }
            return key;
        }

        string normalized = Sanitize(key, preserveMultipleUnderscores);
        if (char.IsAsciiDigit(normalized[0])) normalized = "key_" + normalized;
        else if (underscoreSanitization && normalized.StartsWith('_') && !normalized.StartsWith("__", StringComparison.Ordinal))
            normalized = "key" + normalized;

        if (normalized.AsSpan().IndexOfAnyExcept('_') < 0)
        {
            error = $"normalization for label name {GoQuote.Quote(key)} resulted in invalid name {GoQuote.Quote(normalized)}";
            return null;
        }
        return normalized;
    }

    private static string Sanitize(string name, bool preserveMultipleUnderscores)
    {
        var sb = new StringBuilder(name.Length + 4);
        if (preserveMultipleUnderscores)
        {
            foreach (var rune in name.EnumerateRunes()) sb.Append(IsCompliantLabelChar(rune) ? (char)rune.Value : '_');
            return sb.ToString();
        }
        // Reserved: starts and ends with "__" and at least 4 long; the affixes are kept, the middle sanitised.
        bool reserved = name.Length >= 4 && name.StartsWith("__", StringComparison.Ordinal) && name.EndsWith("__", StringComparison.Ordinal);
        string middle = reserved ? name[2..^2] : name;
        if (reserved) sb.Append("__");
        bool lastUnderscore = false;
        foreach (var rune in middle.EnumerateRunes())
        {
            if (IsCompliantLabelChar(rune))
            {
                sb.Append((char)rune.Value);
                lastUnderscore = false;
            }
            else if (!lastUnderscore)
            {
                sb.Append('_');
                lastUnderscore = true;
            }
        }
        if (reserved) sb.Append("__");
        return sb.ToString();
    }

    private static bool IsCompliantLabelChar(Rune r) => r.Value is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');
}
