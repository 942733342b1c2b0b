using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Metrics.Ingest.Otlp;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Api;

/// <summary>
/// <c>GET /federate</c> as Prometheus's web/federate.go serves it in text format 0.0.4: for every series the
/// match[] selectors pick, its newest sample within the lookback delta with its timestamp (stale markers
/// dropped), grouped by metric name under <c># TYPE name untyped</c>, external labels appended where the series
/// lacks them and an empty <c>instance</c> label added when neither has one. No match[] gives an empty body;
/// a bad selector a 400 with the parser's message as plain text.
/// </summary>
internal static class FederateApi
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void Map(IEndpointRouteBuilder endpoints, MetricsRole role, TimeProvider time)
    {
        endpoints.MapGet("/federate", context => FederateAsync(context, role, time));
    }

    private static async Task FederateAsync(HttpContext context, MetricsRole role, TimeProvider time)
    {
        var p = await ApiParams.ReadAsync(context).ConfigureAwait(false);
        var sets = new List<IReadOnlyList<Matcher>>();
        foreach (string selector in p.All("match[]"))
        {
            if (!MatchersParam.TryParseOne(selector, out var matchers, out string error))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                context.Response.ContentType = Vigil.Core.Hosting.PlainText.TextContentType;
                await context.Response.WriteAsync(error + "\n", context.RequestAborted).ConfigureAwait(false);
                return;
            }
            sets.Add(matchers);
        }
        long maxt = time.GetUtcNow().ToUnixTimeMilliseconds();
        long mint = maxt - (long)role.Engine.Options.LookbackDelta.TotalMilliseconds;
        var samples = new List<(Labels Labels, long T, double V)>();
        var seen = new HashSet<Labels>();
        using (var q = role.Db.Querier(mint, maxt))
        {
            SampleIterator? it = null;
            foreach (var set in sets)
            {
                foreach (var series in q.Select(true, set))
                {
                    if (!seen.Add(series.Labels)) continue;
                    it = series.Iterator(it);
                    long t = 0;
                    double v = 0;
                    bool any = false;
                    while (it.Next() == ValueKind.Float)
                    {
                        t = it.AtT();
                        v = it.AtF();
                        any = true;
                    }
                    // The exposition formats cannot carry stale markers; upstream drops them.
                    if (any && !StaleNaN.Is(v)) samples.Add((series.Labels, t, v));
                }
            }
        }
        samples.Sort((a, b) =>
        {
            int c = string.CompareOrdinal(a.Labels.Name, b.Labels.Name);
            return c != 0 ? c : Labels.Compare(a.Labels, b.Labels);
        });

        // An empty value deletes a label in a label set, so the external labels (plus instance="") are kept as pairs.
        var external = new List<Label>((role.Scraper.Config?.Global.ExternalLabels ?? Labels.Empty).AsSpan().ToArray());
        if (!external.Exists(l => l.Name == "instance")) external.Add(new Label("instance", ""));
        external.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var sb = new StringBuilder();
        string? family = null;
        foreach (var (labels, t, v) in samples)
        {
            string name = labels.Name;
            if (name.Length == 0) continue; // nameless series are skipped, as upstream does
            if (name != family)
            {
                sb.Append("# TYPE ").Append(name).Append(" untyped\n");
                family = name;
            }
            sb.Append(name);
            bool open = false;
            foreach (var label in labels.AsSpan())
            {
                if (label.Name == Labels.MetricName || label.Value.Length == 0) continue;
                PrometheusText.AppendPair(sb, ref open, label.Name, label.Value);
            }
            foreach (var label in external)
            {
                if (labels.Get(label.Name).Length == 0) PrometheusText.AppendPair(sb, ref open, label.Name, label.Value);
            }
            if (open) sb.Append('}');
            sb.Append(' ');
            PrometheusText.AppendValue(sb, v);
            sb.Append(' ').Append(t).Append('\n');
        }
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = ContentType;
        await context.Response.WriteAsync(sb.ToString(), context.RequestAborted).ConfigureAwait(false);
    }
}
