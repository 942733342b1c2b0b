using System.Globalization;

namespace Vigil.Tests.Support;

/// <summary>Reads sample values out of a Prometheus text exposition (enough for the collector's counters).</summary>
internal static class MetricsText
{
    public static async Task<string> ScrapeAsync(HttpClient http, Uri collectorMetrics)
    {
        return await http.GetStringAsync(new Uri(collectorMetrics, "/metrics"));
    }

    /// <summary>The value of the sample whose name and labels are exactly as given, or 0 if absent.</summary>
    public static double Value(string exposition, string name, string labels)
    {
        string prefix = labels.Length == 0 ? name + " " : $"{name}{{{labels}}} ";
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return double.Parse(line[prefix.Length..].Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }
}
