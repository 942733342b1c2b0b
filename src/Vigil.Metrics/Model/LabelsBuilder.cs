namespace Vigil.Metrics.Model;

/// <summary>
/// Mutable scratch space for building or editing a label set (relabeling, OTLP translation, decoding).
/// Not thread-safe; reuse one per worker with <see cref="Reset()"/>.
/// </summary>
public sealed class LabelsBuilder
{
    private readonly List<Label> _labels = new(16);

    public LabelsBuilder() { }

    public LabelsBuilder(Labels initial) => Reset(initial);

    public int Count => _labels.Count;

    public void Reset() => _labels.Clear();

    public void Reset(Labels initial)
    {
        _labels.Clear();
        foreach (var label in initial.AsSpan()) _labels.Add(label);
    }

    /// <summary>Sets a label; an empty value deletes it, as in Prometheus.</summary>
    public LabelsBuilder Set(string name, string value)
    {
        if (value.Length == 0) return Del(name);
        for (int i = 0; i < _labels.Count; i++)
        {
            if (string.Equals(_labels[i].Name, name, StringComparison.Ordinal))
            {
                _labels[i] = new Label(name, value);
                return this;
            }
        }
        _labels.Add(new Label(name, value));
        return this;
    }

    public LabelsBuilder Del(string name)
    {
        for (int i = 0; i < _labels.Count; i++)
        {
            if (string.Equals(_labels[i].Name, name, StringComparison.Ordinal))
            {
                _labels.RemoveAt(i);
                return this;
            }
        }
        return this;
    }

    public string Get(string name)
    {
        foreach (var label in _labels)
            if (string.Equals(label.Name, name, StringComparison.Ordinal)) return label.Value;
        return "";
    }

    /// <summary>Removes every label for which <paramref name="predicate"/> is true.</summary>
    public void RemoveWhere(Predicate<Label> predicate) => _labels.RemoveAll(predicate);

    public IReadOnlyList<Label> Current => _labels;

    public Labels Build()
    {
        if (_labels.Count == 0) return Labels.Empty;
        var array = _labels.ToArray();
        Array.Sort(array, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return Labels.FromSorted(array);
    }
}
