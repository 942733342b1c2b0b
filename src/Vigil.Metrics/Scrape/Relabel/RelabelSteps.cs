using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Vigil.Metrics.Model;

namespace Vigil.Metrics.Scrape.Relabel;

// The steps follow relabel.go's relabel() switch case by case.

/// <summary><c>replace</c>: regex over the joined sources; target and replacement are expanded templates.</summary>
internal sealed class ReplaceStep(string[] sources, string separator, RelabelRegex regex, bool defaultRegex,
    string target, string replacement, NameValidationScheme scheme) : RelabelStep
{
    private readonly bool _fastPath = defaultRegex && !target.Contains('$', StringComparison.Ordinal)
        && !replacement.Contains('$', StringComparison.Ordinal);

    public override bool Apply(LabelsBuilder labels)
    {
        string value = JoinToString(labels, sources, separator);
        // relabel.go: an empty value with the default regex and no templates just sets (or deletes) the label.
        if (_fastPath && value.Length == 0)
        {
            labels.Set(target, replacement);
            return true;
        }
        var match = regex.Match(value);
        if (!match.Success) return true; // no match, no replacement
        string name = regex.Expand(target, match);
        if (!scheme.IsValidLabelName(name)) return true; // e.g. a template that expanded to ""
        string result = regex.Expand(replacement, match);
        if (result.Length == 0) labels.Del(name);
        else labels.Set(name, result);
        return true;
    }
}

/// <summary><c>keep</c> / <c>drop</c>: the joined sources against the regex.</summary>
internal sealed class MatchStep(string[] sources, string separator, RelabelRegex regex, bool keepOnMatch) : RelabelStep
{
    public override bool Apply(LabelsBuilder labels)
    {
        char[]? rented = null;
        try
        {
            bool matched = regex.IsMatch(JoinSources(labels, sources, separator, ref rented));
            return matched == keepOnMatch;
        }
        finally { Return(rented); }
    }
}

/// <summary><c>keepequal</c> / <c>dropequal</c>: the joined sources against the target label's value.</summary>
internal sealed class EqualStep(string[] sources, string separator, string target, bool keepOnEqual) : RelabelStep
{
    public override bool Apply(LabelsBuilder labels)
    {
        char[]? rented = null;
        try
        {
            bool equal = JoinSources(labels, sources, separator, ref rented).SequenceEqual(labels.Get(target));
            return equal == keepOnEqual;
        }
        finally { Return(rented); }
    }
}

/// <summary>
/// <c>hashmod</c>: MD5 of the joined sources (UTF-8), the last 8 bytes read big-endian, modulo the
/// modulus, exactly as relabel.go computes it, so a hashmod shard split matches Prometheus's.
/// </summary>
internal sealed class HashModStep(string[] sources, string separator, string target, ulong modulus) : RelabelStep
{
    public override bool Apply(LabelsBuilder labels)
    {
        char[]? rented = null;
        byte[]? bytes = null;
        try
        {
            var value = JoinSources(labels, sources, separator, ref rented);
            int max = Encoding.UTF8.GetMaxByteCount(value.Length);
            Span<byte> utf8 = max <= 512 ? stackalloc byte[512] : (bytes = ArrayPool<byte>.Shared.Rent(max));
            int n = Encoding.UTF8.GetBytes(value, utf8);
            Span<byte> hash = stackalloc byte[MD5.HashSizeInBytes];
#pragma warning disable CA5351 // MD5 is what Prometheus uses for hashmod; it is a shard key, not security.
            MD5.HashData(utf8[..n], hash);
#pragma warning restore CA5351
            ulong mod = BinaryPrimitives.ReadUInt64BigEndian(hash[8..]) % modulus;
            labels.Set(target, mod.ToString(CultureInfo.InvariantCulture));
            return true;
        }
        finally
        {
            Return(rented);
            if (bytes is not null) ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>The shard a value falls in (for tests and tools).</summary>
    public static ulong Hash(string value, ulong modulus)
    {
#pragma warning disable CA5351
        var hash = MD5.HashData(Encoding.UTF8.GetBytes(value));
#pragma warning restore CA5351
        return BinaryPrimitives.ReadUInt64BigEndian(hash.AsSpan(8)) % modulus;
    }
}

/// <summary><c>lowercase</c> / <c>uppercase</c> of the joined sources into the target label.</summary>
internal sealed class CaseStep(string[] sources, string separator, string target, bool upper) : RelabelStep
{
    public override bool Apply(LabelsBuilder labels)
    {
        string value = JoinToString(labels, sources, separator);
        labels.Set(target, upper ? value.ToUpperInvariant() : value.ToLowerInvariant());
        return true;
    }
}

/// <summary>
/// <c>labelmap</c>: every label whose name matches is copied to the expanded replacement name. Iterates
/// over a snapshot, as Prometheus's <c>Builder.Range</c> does, so labels added here are not revisited.
/// </summary>
internal sealed class LabelMapStep(RelabelRegex regex, string replacement) : RelabelStep
{
    public override bool Apply(LabelsBuilder labels)
    {
        int count = labels.Count;
        var snapshot = ArrayPool<Label>.Shared.Rent(Math.Max(count, 1));
        try
        {
            var current = labels.Current;
            for (int i = 0; i < count; i++) snapshot[i] = current[i];
            for (int i = 0; i < count; i++)
            {
                var label = snapshot[i];
                var match = regex.Match(label.Name);
                if (!match.Success) continue;
                string name = regex.Expand(replacement, match);
                if (name.Length > 0) labels.Set(name, label.Value);
            }
            return true;
        }
        finally { ArrayPool<Label>.Shared.Return(snapshot, clearArray: true); }
    }
}

/// <summary><c>labeldrop</c> / <c>labelkeep</c>: removes labels whose name matches (or does not).</summary>
internal sealed class LabelFilterStep(RelabelRegex regex, bool dropOnMatch) : RelabelStep
{
    public override bool Apply(LabelsBuilder labels)
    {
        var current = labels.Current;
        for (int i = current.Count - 1; i >= 0; i--)
        {
            if (regex.IsMatch(current[i].Name) == dropOnMatch) labels.Del(current[i].Name);
        }
        return true;
    }
}
