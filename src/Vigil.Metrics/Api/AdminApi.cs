using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Metrics.Tsdb;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Api;

/// <summary>
/// The TSDB admin API (Prometheus <c>web/api/v1/api.go</c>: snapshot, deleteSeries, cleanTombstones), on when
/// <c>metrics.enable_admin_api</c> (<c>--web.enable-admin-api</c>) is set; otherwise every call answers
/// Prometheus's 500 <c>unavailable</c> "admin APIs disabled".
/// </summary>
internal static class AdminApi
{
    public static void Map(IEndpointRouteBuilder endpoints, Db db, bool enabled)
    {
        endpoints.MapMethods("/api/v1/admin/tsdb/snapshot", ["POST", "PUT"], context => enabled ? SnapshotAsync(context, db) : Disabled(context));
        endpoints.MapMethods("/api/v1/admin/tsdb/delete_series", ["POST", "PUT"], context => enabled ? DeleteAsync(context, db) : Disabled(context));
        endpoints.MapMethods("/api/v1/admin/tsdb/clean_tombstones", ["POST", "PUT"], async context =>
        {
            if (!enabled) { await Disabled(context).ConfigureAwait(false); return; }
            await db.CleanTombstonesAsync(context.RequestAborted).ConfigureAwait(false);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        });
    }

    private static Task Disabled(HttpContext context) => ApiResponses.ErrorAsync(context, "unavailable", "admin APIs disabled");

    private static async Task SnapshotAsync(HttpContext context, Db db)
    {
        var form = await Form(context).ConfigureAwait(false);
        bool skipHead = false;
        if (Get(context, form, "skip_head") is { Length: > 0 } text && !bool.TryParse(text, out skipHead))
        {
            await ApiResponses.ErrorAsync(context, "bad_data", $"unable to parse boolean 'skip_head' argument: strconv.ParseBool: parsing \"{text}\": invalid syntax").ConfigureAwait(false);
            return;
        }
        string name;
        try
        {
            name = await db.SnapshotAsync(skipHead, context.RequestAborted).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await ApiResponses.ErrorAsync(context, "internal", "create snapshot: " + e.Message).ConfigureAwait(false);
            return;
        }
        await ApiResponses.SuccessAsync(context, json =>
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task DeleteAsync(HttpContext context, Db db)
    {
        var form = await Form(context).ConfigureAwait(false);
        var selectors = context.Request.Query["match[]"].Concat(form?["match[]"] ?? default).Where(s => s is not null).ToList();
        if (selectors.Count == 0)
        {
            await ApiResponses.ErrorAsync(context, "bad_data", "no match[] parameter provided").ConfigureAwait(false);
            return;
        }
        long start = long.MinValue, end = long.MaxValue;
        foreach (var (name, target) in new[] { ("start", 0), ("end", 1) })
        {
            if (Get(context, form, name) is not { Length: > 0 } text) continue;
            if (!ApiTime.TryParse(text, out long ms))
            {
                await ApiResponses.ErrorAsync(context, "bad_data", $"invalid parameter \"{name}\": invalid time value for '{name}': cannot parse \"{text}\" to a valid timestamp").ConfigureAwait(false);
                return;
            }
            if (target == 0) start = ms; else end = ms;
        }
        var sets = new List<IReadOnlyList<Matcher>>();
        foreach (var selector in selectors)
        {
            if (!MatchersParam.TryParseOne(selector!, out var matchers, out string error))
            {
                await ApiResponses.InvalidParam(context, "match[]", error).ConfigureAwait(false);
                return;
            }
            sets.Add(matchers);
        }
        foreach (var matchers in sets) await db.DeleteSeriesAsync(matchers, start, end, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task<IFormCollection?> Form(HttpContext context) =>
        context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false) : null;

    private static string? Get(HttpContext context, IFormCollection? form, string name) =>
        form is not null && form.TryGetValue(name, out var f) ? f.ToString() : context.Request.Query[name].ToString();
}
