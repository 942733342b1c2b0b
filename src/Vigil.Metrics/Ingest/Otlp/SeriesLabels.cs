using Vigil.Metrics.Model;

namespace Vigil.Metrics.Ingest.Otlp;

/// <summary>
/// Adds the metric name and optionally one bucket/quantile label to a translated base label set without a
/// builder round trip: one array copy with the pairs merged in sorted position. The added pairs replace
/// same-named labels, as upstream's <c>addLabels</c> does.
/// </summary>
internal static class SeriesLabels
{
    public static Labels With(Labels baseLabels, string metricName, string? extraName = null, string? extraValue = null)
    {
        var source = baseLabels.AsSpan();
        bool hasExtra = extraName is not null && !string.IsNullOrEmpty(extraValue);
        var name = new Label(Labels.MetricName, metricName);
        Label first = name, second = default;
        int pendingCount = 1;
        if (hasExtra)
        {
            var extra = new Label(extraName!, extraValue!);
            pendingCount = 2;
            if (string.CompareOrdinal(extra.Name, name.Name) < 0) { first = extra; second = name; }
            else { second = extra; }
        }

        var result = new Label[source.Length + pendingCount];
        int n = 0, next = 0;
        foreach (var label in source)
        {
            if (label.Name == Labels.MetricName || (hasExtra && label.Name == extraName)) continue;
            while (next < pendingCount && string.CompareOrdinal(Pending(next), label.Name) < 0) result[n++] = next++ == 0 ? first : second;
            result[n++] = label;
        }
        while (next < pendingCount) result[n++] = next++ == 0 ? first : second;
        if (n != result.Length) Array.Resize(ref result, n);
        return Labels.FromSorted(result);

        string Pending(int i) => i == 0 ? first.Name : second.Name;
    }
}
