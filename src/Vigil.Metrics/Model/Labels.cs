using System.Runtime.InteropServices;
using System.Text;

namespace Vigil.Metrics.Model;

/// <summary>
/// An immutable label set sorted by name, names unique: the identity of a series (Prometheus
/// <c>labels.Labels</c>). Build one with <see cref="LabelsBuilder"/> or <see cref="FromSorted"/>.
/// Equality and the hash are by content; the hash is stable across processes (FNV-1a over UTF-16),
/// so it may be written to disk.
/// </summary>
public sealed class Labels : IEquatable<Labels>
{
    public const string MetricName = "__name__";

    private readonly Label[] _labels;
    private readonly ulong _hash;

    public static Labels Empty { get; } = new([]);

    private Labels(Label[] sorted)
    {
        _labels = sorted;
        _hash = ComputeHash(sorted);
    }

    /// <summary>Wraps an array already sorted by name with unique names. The array is owned afterwards.</summary>
    public static Labels FromSorted(Label[] sorted)
    {
#if DEBUG
        for (int i = 1; i < sorted.Length; i++)
            if (string.CompareOrdinal(sorted[i - 1].Name, sorted[i].Name) >= 0)
                throw new ArgumentException("labels are not sorted or not unique", nameof(sorted));
#endif
        return sorted.Length == 0 ? Empty : new Labels(sorted);
    }

    /// <summary>Sorts a copy; the last value wins for a repeated name; empty values are dropped (as in Prometheus).</summary>
    public static Labels FromUnsorted(ReadOnlySpan<Label> labels)
    {
        var builder = new LabelsBuilder();
        foreach (var label in labels) builder.Set(label.Name, label.Value);
        return builder.Build();
    }

    /// <summary><c>Labels.Of("__name__", "up", "job", "x")</c>: name/value pairs in any order.</summary>
    public static Labels Of(params string[] pairs)
    {
        if (pairs.Length % 2 != 0) throw new ArgumentException("pairs must have even length", nameof(pairs));
        var builder = new LabelsBuilder();
        for (int i = 0; i < pairs.Length; i += 2) builder.Set(pairs[i], pairs[i + 1]);
        return builder.Build();
    }

    public int Count => _labels.Length;
    public Label this[int index] => _labels[index];
    public ReadOnlySpan<Label> AsSpan() => _labels;
    public ulong Hash => _hash;

    /// <summary>The value of <paramref name="name"/>, or "" when absent (Prometheus's convention).</summary>
    public string Get(string name)
    {
        // Label sets are small (typically under 16); a linear scan beats a binary search here.
        foreach (var label in _labels)
            if (string.Equals(label.Name, name, StringComparison.Ordinal)) return label.Value;
        return "";
    }

    public bool Has(string name)
    {
        foreach (var label in _labels)
            if (string.Equals(label.Name, name, StringComparison.Ordinal)) return true;
        return false;
    }

    public string Name => Get(MetricName);

    public Label[] ToArray() => (Label[])_labels.Clone();

    public bool Equals(Labels? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other._hash != _hash || other._labels.Length != _labels.Length) return false;
        for (int i = 0; i < _labels.Length; i++)
        {
            if (!string.Equals(_labels[i].Name, other._labels[i].Name, StringComparison.Ordinal)
                || !string.Equals(_labels[i].Value, other._labels[i].Value, StringComparison.Ordinal)) return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => obj is Labels other && Equals(other);
    public override int GetHashCode() => (int)(_hash ^ (_hash >> 32));

    /// <summary>Ordinal comparison label by label, as Prometheus's <c>labels.Compare</c> (used to sort series).</summary>
    public static int Compare(Labels a, Labels b)
    {
        int n = Math.Min(a._labels.Length, b._labels.Length);
        for (int i = 0; i < n; i++)
        {
            int c = string.CompareOrdinal(a._labels[i].Name, b._labels[i].Name);
            if (c != 0) return c;
            c = string.CompareOrdinal(a._labels[i].Value, b._labels[i].Value);
            if (c != 0) return c;
        }
        return a._labels.Length - b._labels.Length;
    }

    /// <summary><c>{__name__="up", job="x"}</c>, Prometheus's <c>Labels.String()</c> form.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("{");
        for (int i = 0; i < _labels.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(_labels[i].Name).Append("=\"");
            AppendEscaped(sb, _labels[i].Value);
            sb.Append('"');
        }
        return sb.Append('}').ToString();
    }

    internal static void AppendEscaped(StringBuilder sb, string value)
    {
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append("\\n"); break;
                default: sb.Append(c); break;
            }
        }
    }

    private static ulong ComputeHash(Label[] labels)
    {
        const ulong offset = 14695981039346656037UL, prime = 1099511628211UL;
        ulong h = offset;
        foreach (var label in labels)
        {
            foreach (byte b in MemoryMarshal.AsBytes(label.Name.AsSpan())) h = (h ^ b) * prime;
            h = (h ^ 0xFF) * prime; // separator: a name/value boundary can never be confused
            foreach (byte b in MemoryMarshal.AsBytes(label.Value.AsSpan())) h = (h ^ b) * prime;
            h = (h ^ 0xFE) * prime;
        }
        return h;
    }
}
