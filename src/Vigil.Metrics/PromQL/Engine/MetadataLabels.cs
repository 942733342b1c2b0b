using Vigil.Metrics.Model;

namespace Vigil.Metrics.PromQL.Engine;

/// <summary>
/// The reserved labels that describe a metric rather than identify a series (upstream schema.IsMetadataLabel):
/// the name, type and unit. They go together wherever the name is dropped.
/// </summary>
internal static class MetadataLabels
{
    public const string Type = "__type__";
    public const string Unit = "__unit__";

    public static bool Is(string name) => name is Labels.MetricName or Type or Unit;

    /// <summary>The label set without name, type and unit (upstream DropReserved(schema.IsMetadataLabel)); the same instance when none is present.</summary>
    public static Labels Drop(Labels labels)
    {
        bool any = false;
        foreach (var l in labels.AsSpan())
            if (Is(l.Name)) { any = true; break; }
        if (!any) return labels;
        var kept = new List<Label>(labels.Count);
        foreach (var l in labels.AsSpan())
            if (!Is(l.Name)) kept.Add(l);
        return Labels.FromSorted([.. kept]);
    }
}
