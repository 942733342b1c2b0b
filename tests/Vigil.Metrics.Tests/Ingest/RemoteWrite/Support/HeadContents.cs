using Vigil.Metrics.Tsdb.Head;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Tests.Ingest.RemoteWrite.Support;

/// <summary>Reads everything a head holds back, keyed by the series' label string, values as raw bits.</summary>
internal static class HeadContents
{
    public static Dictionary<string, List<(long T, ulong Bits)>> All(Head head)
    {
        var result = new Dictionary<string, List<(long, ulong)>>(StringComparer.Ordinal);
        // Not the full int64 range: an empty series (MinTime = MaxValue, LastT = MinValue) would overlap it.
        using var querier = new HeadQuerier(head, long.MinValue + 1, long.MaxValue - 1);
        foreach (var series in querier.Select(true, [Matcher.Create(MatcherType.Regex, "__name__", ".+")]))
        {
            var samples = new List<(long, ulong)>();
            var iterator = series.Iterator();
            while (iterator.Next() != ValueKind.None)
            {
                samples.Add((iterator.AtT(), BitConverter.DoubleToUInt64Bits(iterator.AtF())));
            }
            result[series.Labels.ToString()] = samples;
        }
        return result;
    }
}
