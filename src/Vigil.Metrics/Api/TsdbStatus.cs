using System.Text.Json;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Head;

namespace Vigil.Metrics.Api;

/// <summary>
/// <c>/api/v1/status/tsdb</c>'s data (web/api/v1/api.go serveTSDBStatus over tsdb/index PostingsStats): head
/// stats and the top-<c>limit</c> lists, each <c>[{"name":…,"value":…}]</c> sorted by value descending.
/// Computed by one pass over the head's series; a status page, not a hot path.
/// </summary>
internal static class TsdbStatus
{
    public static void Write(Utf8JsonWriter json, Head head, int limit)
    {
        var byMetric = new Dictionary<string, long>(StringComparer.Ordinal);
        var byPair = new Dictionary<(string, string), long>();
        long chunks = 0;
        foreach (var series in head.AllSeries)
        {
            chunks += series.ClosedCount + (series.HasOpenChunk ? 1 : 0);
            foreach (var label in series.Labels.AsSpan())
            {
                if (label.Name == Labels.MetricName) byMetric[label.Value] = byMetric.GetValueOrDefault(label.Value) + 1;
                byPair[(label.Name, label.Value)] = byPair.GetValueOrDefault((label.Name, label.Value)) + 1;
            }
        }
        var valuesByName = new Dictionary<string, long>(StringComparer.Ordinal);
        var bytesByName = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var ((name, value), count) in byPair)
        {
            valuesByName[name] = valuesByName.GetValueOrDefault(name) + 1;
            // Upstream's memoryInBytesByLabelName: value length times the series holding it.
            bytesByName[name] = bytesByName.GetValueOrDefault(name) + (long)value.Length * count;
        }

        json.WriteStartObject();
        json.WriteStartObject("headStats");
        json.WriteNumber("numSeries", head.SeriesCount);
        json.WriteNumber("numLabelPairs", byPair.Count);
        json.WriteNumber("chunkCount", chunks);
        json.WriteNumber("minTime", head.MinTime);
        json.WriteNumber("maxTime", head.MaxTime);
        json.WriteEndObject();
        Top(json, "seriesCountByMetricName", byMetric, limit);
        Top(json, "labelValueCountByLabelName", valuesByName, limit);
        Top(json, "memoryInBytesByLabelName", bytesByName, limit);
        Top(json, "seriesCountByLabelValuePair", byPair.ToDictionary(kv => kv.Key.Item1 + "=" + kv.Key.Item2, kv => kv.Value, StringComparer.Ordinal), limit);
        json.WriteEndObject();
    }

    private static void Top(Utf8JsonWriter json, string property, Dictionary<string, long> counts, int limit)
    {
        json.WriteStartArray(property);
        foreach (var (name, value) in counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(limit))
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteNumber("value", value);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
