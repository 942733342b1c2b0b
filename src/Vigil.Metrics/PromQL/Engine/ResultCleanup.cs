using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.PromQL.Engine;

/// <summary>
/// Delayed name removal at the end of a query (upstream cleanupMetricLabels and
/// mergeSeriesWithSameLabelset): series marked DropName lose __name__, __type__ and __unit__; series that
/// end up with the same labels are merged when their points do not overlap, and are an error when they do.
/// </summary>
internal static class ResultCleanup
{
    public static Matrix DropNames(Matrix mat)
    {
        foreach (var series in mat)
        {
            if (!series.DropName) continue;
            series.Metric = MetadataLabels.Drop(series.Metric);
            series.DropName = false;
        }
        return MergeSameLabels(mat);
    }

    /// <summary>Merges series with equal labels whose points do not overlap; overlapping ones are an error (upstream mergeSeriesWithSameLabelset).</summary>
    public static Matrix MergeSameLabels(Matrix mat) => Evaluator.ContainsSameLabelset(mat) ? Merge(mat) : mat;

    private static Matrix Merge(Matrix mat)
    {
        var byLabels = new Dictionary<Labels, RangeSeries>(mat.Count);
        var merged = new Matrix(mat.Count);
        foreach (var series in mat)
        {
            if (!byLabels.TryGetValue(series.Metric, out var baseSeries))
            {
                byLabels[series.Metric] = series;
                merged.Add(series);
                continue;
            }
            baseSeries.Floats.AddRange(series.Floats);
        }
        foreach (var series in merged)
        {
            if (series.Floats.Count < 2) continue;
            series.Floats.Sort(static (a, b) => a.T.CompareTo(b.T));
            for (int i = 1; i < series.Floats.Count; i++)
                if (series.Floats[i].T == series.Floats[i - 1].T) throw QueryEvaluationException.SameLabelset();
        }
        return merged;
    }
}
