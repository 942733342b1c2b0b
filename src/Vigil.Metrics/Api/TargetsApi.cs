using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Core.Text;
using Vigil.Metrics.Model;
using Vigil.Metrics.Scrape;

namespace Vigil.Metrics.Api;

/// <summary>
/// <c>GET /api/v1/targets</c> and <c>GET /api/v1/scrape_pools</c> as Prometheus 3 serves them
/// (web/api/v1/api.go; shapes in the api-compat doc, section 3.6), in the
/// <c>{"status":"success","data":…}</c> envelope. Reads the scrape manager's live state.
/// </summary>
public static class TargetsApi
{
    public static void Map(IEndpointRouteBuilder endpoints, ScrapeManager manager)
    {
        endpoints.MapGet("/api/v1/targets", context => WriteTargets(context, manager));
        endpoints.MapGet("/api/v1/scrape_pools", context => WriteScrapePools(context, manager));
    }

    private static async Task WriteTargets(HttpContext context, ScrapeManager manager)
    {
        string state = context.Request.Query["state"].ToString().ToLowerInvariant();
        string poolFilter = context.Request.Query["scrapePool"].ToString();
        bool showActive = state is "" or "any" or "active";
        bool showDropped = state is "" or "any" or "dropped";
        var pools = manager.Pools.Where(p => poolFilter.Length == 0 || p.Job == poolFilter).OrderBy(p => p.Job, StringComparer.Ordinal).ToList();

        await WriteEnvelope(context, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("activeTargets");
            if (showActive)
            {
                foreach (var pool in pools)
                {
                    foreach (var loop in pool.Loops.OrderBy(l => l.Target.Url.ToString(), StringComparer.Ordinal))
                        WriteActiveTarget(w, pool.Job, loop.Target);
                }
            }
            w.WriteEndArray();
            w.WriteStartArray("droppedTargets");
            if (showDropped)
            {
                foreach (var pool in pools)
                {
                    foreach (var (labels, job) in pool.DroppedTargets)
                    {
                        w.WriteStartObject();
                        WriteLabels(w, "discoveredLabels", labels);
                        w.WriteString("scrapePool", job);
                        w.WriteEndObject();
                    }
                }
            }
            w.WriteEndArray();
            if (showDropped)
            {
                w.WriteStartObject("droppedTargetCounts");
                foreach (var pool in pools) w.WriteNumber(pool.Job, pool.DroppedTargetCount);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("droppedTargetCounts");
            }
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static void WriteActiveTarget(Utf8JsonWriter w, string job, ScrapeTarget target)
    {
        var (health, lastError, lastScrape, lastDuration) = target.Health.Snapshot();
        w.WriteStartObject();
        WriteLabels(w, "discoveredLabels", target.DiscoveredLabels);
        WriteLabels(w, "labels", target.Labels);
        w.WriteString("scrapePool", job);
        w.WriteString("scrapeUrl", target.Url.ToString());
        w.WriteString("globalUrl", GlobalUrl(target.Url));
        w.WriteString("lastError", lastError);
        w.WriteString("lastScrape", lastScrape == default ? "0001-01-01T00:00:00Z" : ApiNumbers.FormatTime(lastScrape));
        w.WritePropertyName("lastScrapeDuration");
        w.WriteRawValue(ApiNumbers.FormatJsonFloat(lastDuration.TotalSeconds), skipInputValidation: true);
        w.WriteString("health", health);
        w.WriteString("scrapeInterval", Duration.Format(target.Interval));
        w.WriteString("scrapeTimeout", Duration.Format(target.Timeout));
        w.WriteEndObject();
    }

    /// <summary>
    /// Prometheus's globalURL: a target on a loopback or unspecified address is shown with this host's
    /// name instead, so the link works from elsewhere.
    /// </summary>
    private static string GlobalUrl(Uri url)
    {
        bool local = url.IsLoopback || url.Host is "0.0.0.0" or "[::]" || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && ip.Equals(IPAddress.IPv6Any));
        if (!local) return url.ToString();
        var builder = new UriBuilder(url) { Host = Dns.GetHostName() };
        return builder.Uri.ToString();
    }

    private static void WriteLabels(Utf8JsonWriter w, string property, Labels labels)
    {
        w.WriteStartObject(property);
        foreach (var label in labels.AsSpan()) w.WriteString(label.Name, label.Value);
        w.WriteEndObject();
    }

    private static Task WriteScrapePools(HttpContext context, ScrapeManager manager) =>
        WriteEnvelope(context, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("scrapePools");
            foreach (string job in manager.Pools.Select(p => p.Job).OrderBy(j => j, StringComparer.Ordinal)) w.WriteStringValue(job);
            w.WriteEndArray();
            w.WriteEndObject();
        });

    private static Task WriteEnvelope(HttpContext context, Action<Utf8JsonWriter> writeData) => ApiResponses.SuccessAsync(context, writeData);
}
