using Vigil.Metrics.Model;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// Attaches a target's labels to a scraped series (Prometheus <c>mutateSampleLabels</c>). With
/// honor_labels the scraped value wins and target labels only fill gaps; otherwise the target's value
/// wins and a conflicting scraped label is kept as <c>exported_&lt;name&gt;</c> (repeatedly prefixed when
/// that name is taken too). Empty values are removed, as everywhere in Prometheus.
/// </summary>
internal static class TargetLabelMerge
{
    public static void Apply(LabelsBuilder series, Labels target, bool honorLabels)
    {
        foreach (var label in target.AsSpan())
        {
            string scraped = series.Get(label.Name);
            if (honorLabels)
            {
                if (scraped.Length == 0) series.Set(label.Name, label.Value);
                continue;
            }
            if (scraped.Length > 0)
            {
                string name = "exported_" + label.Name;
                while (series.Get(name).Length > 0 || target.Has(name)) name = "exported_" + name;
                series.Set(name, scraped);
            }
            series.Set(label.Name, label.Value);
        }
    }
}
