using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Head;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Tests.Scrape.Support;

/// <summary>Reads back what a scrape wrote into a <see cref="Head"/>.</summary>
internal static class HeadReader
{
    public static List<(Labels Labels, List<(long T, double V)> Samples)> Series(Head head, params Matcher[] matchers)
    {
        using var querier = new HeadQuerier(head, long.MinValue, long.MaxValue);
        var result = new List<(Labels, List<(long, double)>)>();
        foreach (var series in querier.Select(true, matchers))
        {
            var samples = new List<(long, double)>();
            var it = series.Iterator();
            while (it.Next() == ValueKind.Float) samples.Add((it.AtT(), it.AtF()));
            if (samples.Count > 0) result.Add((series.Labels, samples)); // a rolled-back append may leave an empty series
        }
        return result;
    }

    public static List<(Labels Labels, List<(long T, double V)> Samples)> Named(Head head, string name) =>
        Series(head, Matcher.Equal(Labels.MetricName, name));

    /// <summary>The last value of the single series named <paramref name="name"/>.</summary>
    public static double Last(Head head, string name) => Named(head, name).Single().Samples[^1].V;
}
