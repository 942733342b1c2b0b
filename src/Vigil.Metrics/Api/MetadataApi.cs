using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Metrics.Model;
using Vigil.Metrics.Scrape;
using Vigil.Metrics.Tsdb;

namespace Vigil.Metrics.Api;

/// <summary>
/// <c>/api/v1/metadata</c> and <c>/api/v1/targets/metadata</c> (web/api/v1/api.go metricMetadata, targetMetadata).
/// Upstream reads metadata only from scrape targets; Vigil adds what remote write and OTLP brought (the head's
/// metadata), so Grafana's metric browser shows types and help for pushed metrics too.
/// </summary>
internal static class MetadataApi
{
    public static void Map(IEndpointRouteBuilder endpoints, ScrapeManager scraper, Db db)
    {
        endpoints.MapGet("/api/v1/metadata", context => MetadataAsync(context, scraper, db));
        endpoints.MapGet("/api/v1/targets/metadata", context => TargetMetadataAsync(context, scraper));
    }

    private static async Task MetadataAsync(HttpContext context, ScrapeManager scraper, Db db)
    {
        var p = await ApiParams.ReadAsync(context).ConfigureAwait(false);
        int limit = -1, limitPerMetric = -1;
        if (p.Get("limit") is { Length: > 0 } l && !ApiParsing.TryAtoi(l, out limit, out _))
        {
            await ApiResponses.BadData(context, "limit must be a number").ConfigureAwait(false);
            return;
        }
        if (p.Get("limit_per_metric") is { Length: > 0 } lpm && !ApiParsing.TryAtoi(lpm, out limitPerMetric, out _))
        {
            await ApiResponses.BadData(context, "limit_per_metric must be a number").ConfigureAwait(false);
            return;
        }
        string metric = p.Get("metric");
        var families = new SortedDictionary<string, List<MetricMetadata>>(StringComparer.Ordinal);
        void Add(string family, MetricMetadata md)
        {
            if (metric.Length > 0 && family != metric) return;
            if (!families.TryGetValue(family, out var list)) families[family] = list = [];
            if (limitPerMetric > 0 && list.Count >= limitPerMetric) return;
            if (!list.Contains(md)) list.Add(md);
        }
        foreach (var pool in scraper.Pools)
            foreach (var loop in pool.Loops)
                foreach (var (family, md) in loop.Metadata.Snapshot()) Add(family, md);
        foreach (var (family, md) in db.Metadata) Add(family, md);

        await ApiResponses.SuccessAsync(context, json =>
        {
            json.WriteStartObject();
            int n = 0;
            foreach (var (family, list) in families)
            {
                if (limit >= 0 && n >= limit) break;
                n++;
                json.WriteStartArray(family);
                foreach (var md in list)
                {
                    json.WriteStartObject();
                    json.WriteString("type", MetricMetadata.TypeName(md.Type));
                    json.WriteString("help", md.Help);
                    json.WriteString("unit", md.Unit);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task TargetMetadataAsync(HttpContext context, ScrapeManager scraper)
    {
        var p = await ApiParams.ReadAsync(context).ConfigureAwait(false);
        int limit = -1;
        if (p.Get("limit") is { Length: > 0 } l && !ApiParsing.TryAtoi(l, out limit, out _))
        {
            await ApiResponses.BadData(context, "limit must be a number").ConfigureAwait(false);
            return;
        }
        string matchTarget = p.Get("match_target");
        IReadOnlyList<Vigil.Metrics.Tsdb.Querying.Matcher> matchers = [];
        if (matchTarget.Length > 0 && !MatchersParam.TryParseOne(matchTarget, out matchers, out string error))
        {
            await ApiResponses.InvalidParam(context, "match_target", error).ConfigureAwait(false);
            return;
        }
        string metric = p.Get("metric");
        var rows = new List<(Labels Target, string Family, MetricMetadata Md)>();
        foreach (var pool in scraper.Pools.OrderBy(x => x.Job, StringComparer.Ordinal))
        {
            foreach (var loop in pool.Loops)
            {
                if (limit >= 0 && rows.Count >= limit) break;
                var target = loop.Target.Labels;
                if (!Matches(target, matchers)) continue;
                foreach (var (family, md) in loop.Metadata.Snapshot().OrderBy(x => x.Key, StringComparer.Ordinal))
                {
                    if (metric.Length == 0 || family == metric) rows.Add((target, family, md));
                }
            }
        }
        await ApiResponses.SuccessAsync(context, json =>
        {
            json.WriteStartArray();
            foreach (var (target, family, md) in rows)
            {
                json.WriteStartObject();
                json.WritePropertyName("target");
                MatchersParam.WriteLabels(json, target);
                if (metric.Length == 0) json.WriteString("metric", family);
                json.WriteString("type", MetricMetadata.TypeName(md.Type));
                json.WriteString("help", md.Help);
                json.WriteString("unit", md.Unit);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }).ConfigureAwait(false);
    }

    private static bool Matches(Labels labels, IReadOnlyList<Vigil.Metrics.Tsdb.Querying.Matcher> matchers)
    {
        foreach (var m in matchers)
        {
            if (!m.Matches(labels.Get(m.Name))) return false;
        }
        return true;
    }
}
