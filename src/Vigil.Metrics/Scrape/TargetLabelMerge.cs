using Vigil.Metrics.Model;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// Attaches a target's labels to a scraped series (Prometheus <c>mutateSampleLabels</c>). With
/// honor_labels the scraped value wins and target labels only fill gaps. Otherwise the target's values
/// win and each conflicting scraped value is kept as <c>exported_&lt;name&gt;</c>: conflicts are resolved
/// after all target labels are set, shortest name first, adding <c>exported_</c> again while the name
/// is taken (<c>resolveConflictingExposedLabels</c>).
/// </summary>
internal static class TargetLabelMerge
{
    private const string ExportedPrefix = "exported_";

    public static void Apply(LabelsBuilder series, Labels target, bool honorLabels)
    {
        if (honorLabels)
        {
            foreach (var label in target.AsSpan())
                if (series.Get(label.Name).Length == 0) series.Set(label.Name, label.Value);
            return;
        }
        List<Label>? conflicts = null;
        foreach (var label in target.AsSpan())
        {
            string scraped = series.Get(label.Name);
            if (scraped.Length > 0) (conflicts ??= []).Add(new Label(label.Name, scraped));
            series.Set(label.Name, label.Value);
        }
        if (conflicts is null) return;
        // Stable by name length, as slices.SortStableFunc in Prometheus.
        var ordered = conflicts.OrderBy(c => c.Name.Length);
        foreach (var conflict in ordered)
        {
            string name = conflict.Name;
            do name = ExportedPrefix + name;
            while (series.Get(name).Length > 0);
            series.Set(name, conflict.Value);
        }
    }
}
