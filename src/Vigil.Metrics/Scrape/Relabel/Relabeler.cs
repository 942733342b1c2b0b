using System.Buffers;
using Vigil.Metrics.Model;

namespace Vigil.Metrics.Scrape.Relabel;

/// <summary>
/// A compiled list of relabel configs (Prometheus <c>relabel.ProcessBuilder</c>): each config becomes one
/// sealed step chosen at compile time, so applying a list is one virtual call per step. Immutable and
/// thread-safe: many scrape loops share one instance; scratch space is rented per call.
/// </summary>
/// <remarks>
/// Recipe for a new action: add it to <see cref="RelabelAction"/> (and its parser), give it a
/// <see cref="RelabelStep"/> subclass in RelabelSteps.cs, and a case in <see cref="CreateStep"/>.
/// </remarks>
internal sealed class Relabeler : IEquatable<Relabeler>
{
    private readonly RelabelStep[] _steps;

    private Relabeler(RelabelStep[] steps, string key)
    {
        _steps = steps;
        Key = key;
    }

    public static Relabeler Empty { get; } = new([], "");

    /// <summary>Canonical text of the configs: two relabelers with equal keys behave the same (reload diffing).</summary>
    public string Key { get; }

    public bool Equals(Relabeler? other) => other is not null && other.Key == Key;
    public override bool Equals(object? obj) => Equals(obj as Relabeler);
    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);

    public int Count => _steps.Length;

    /// <summary>Compiles validated configs; a bad regex throws <see cref="FormatException"/> (the loader reports it first).</summary>
    public static Relabeler Compile(IReadOnlyList<RelabelConfig> configs, NameValidationScheme scheme = NameValidationScheme.Utf8)
    {
        if (configs.Count == 0) return Empty;
        var steps = new RelabelStep[configs.Count];
        var key = new System.Text.StringBuilder();
        for (int i = 0; i < steps.Length; i++)
        {
            var c = configs[i];
            steps[i] = CreateStep(c, scheme);
            key.Append(RelabelActions.Name(c.Action)).Append('\u001f').AppendJoin('\u001e', c.SourceLabels ?? []).Append('\u001f')
                .Append(c.SourceLabels is null).Append('\u001f').Append(c.Separator).Append('\u001f').Append(c.Regex).Append('\u001f')
                .Append(c.RegexSet).Append('\u001f').Append(c.Modulus).Append('\u001f').Append(c.TargetLabel).Append('\u001f')
                .Append(c.Replacement).Append('\u001d');
        }
        key.Append(scheme);
        return new Relabeler(steps, key.ToString());
    }

    /// <summary>Applies every step in order; false means the label set was dropped (the builder is then undefined).</summary>
    public bool Process(LabelsBuilder labels)
    {
        foreach (var step in _steps)
            if (!step.Apply(labels)) return false;
        return true;
    }

    /// <summary>Convenience for tests and target relabeling: null when dropped.</summary>
    public Labels? Process(Labels input)
    {
        var builder = new LabelsBuilder(input);
        return Process(builder) ? builder.Build() : null;
    }

    private static RelabelStep CreateStep(RelabelConfig c, NameValidationScheme scheme)
    {
        var regex = RelabelRegex.Compile(c.RegexSet ? c.Regex : RelabelConfig.DefaultRegex);
        string[] sources = c.SourceLabels is null ? [] : [.. c.SourceLabels];
        return c.Action switch
        {
            RelabelAction.Replace => new ReplaceStep(sources, c.Separator, regex, !c.RegexSet, c.TargetLabel, c.Replacement, scheme),
            RelabelAction.Keep => new MatchStep(sources, c.Separator, regex, keepOnMatch: true),
            RelabelAction.Drop => new MatchStep(sources, c.Separator, regex, keepOnMatch: false),
            RelabelAction.KeepEqual => new EqualStep(sources, c.Separator, c.TargetLabel, keepOnEqual: true),
            RelabelAction.DropEqual => new EqualStep(sources, c.Separator, c.TargetLabel, keepOnEqual: false),
            RelabelAction.HashMod => new HashModStep(sources, c.Separator, c.TargetLabel, c.Modulus),
            RelabelAction.LabelMap => new LabelMapStep(regex, c.Replacement),
            RelabelAction.LabelDrop => new LabelFilterStep(regex, dropOnMatch: true),
            RelabelAction.LabelKeep => new LabelFilterStep(regex, dropOnMatch: false),
            RelabelAction.Lowercase => new CaseStep(sources, c.Separator, c.TargetLabel, upper: false),
            _ => new CaseStep(sources, c.Separator, c.TargetLabel, upper: true),
        };
    }
}

/// <summary>One compiled relabel config. <see cref="Apply"/> returns false to drop the label set.</summary>
internal abstract class RelabelStep
{
    public abstract bool Apply(LabelsBuilder labels);

    /// <summary>
    /// The source label values joined by the separator (missing labels count as ""), written into a
    /// rented buffer; the caller returns it. One source label is returned without copying.
    /// </summary>
    protected static ReadOnlySpan<char> JoinSources(LabelsBuilder labels, string[] sources, string separator, ref char[]? rented)
    {
        if (sources.Length == 0) return [];
        if (sources.Length == 1) return labels.Get(sources[0]);
        int length = separator.Length * (sources.Length - 1);
        foreach (var s in sources) length += labels.Get(s).Length;
        rented = ArrayPool<char>.Shared.Rent(Math.Max(length, 1));
        var span = rented.AsSpan(0, length);
        int pos = 0;
        for (int i = 0; i < sources.Length; i++)
        {
            if (i > 0)
            {
                separator.CopyTo(span[pos..]);
                pos += separator.Length;
            }
            string value = labels.Get(sources[i]);
            value.CopyTo(span[pos..]);
            pos += value.Length;
        }
        return span;
    }

    protected static void Return(char[]? rented)
    {
        if (rented is not null) ArrayPool<char>.Shared.Return(rented);
    }

    /// <summary>The joined value as a string (one source label: its value, no copy).</summary>
    protected static string JoinToString(LabelsBuilder labels, string[] sources, string separator)
    {
        if (sources.Length == 1) return labels.Get(sources[0]);
        char[]? rented = null;
        try { return new string(JoinSources(labels, sources, separator, ref rented)); }
        finally { Return(rented); }
    }
}
