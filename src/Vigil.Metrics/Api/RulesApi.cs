using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Metrics.GoText;

namespace Vigil.Metrics.Api;

/// <summary>
/// <c>/api/v1/rules</c>, <c>/api/v1/alerts</c> and <c>/api/v1/alertmanagers</c> in upstream's shapes, empty until
/// the rules issue brings rule evaluation. Grafana calls rules on datasource start and reads
/// <c>groups[].rules[]</c> (api-compat 4.2), so an empty list is the right answer, not a 404.
/// </summary>
internal static class RulesApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/rules", async context =>
        {
            string type = context.Request.Query["type"].ToString().ToLowerInvariant();
            if (type is not ("" or "alert" or "record"))
            {
                await ApiResponses.InvalidParam(context, "type", $"not supported value {GoQuote.Quote(type)}").ConfigureAwait(false);
                return;
            }
            await ApiResponses.SuccessAsync(context, json =>
            {
                json.WriteStartObject();
                json.WriteStartArray("groups");
                json.WriteEndArray();
                json.WriteEndObject();
            }).ConfigureAwait(false);
        });
        endpoints.MapGet("/api/v1/alerts", context => ApiResponses.SuccessAsync(context, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("alerts");
            json.WriteEndArray();
            json.WriteEndObject();
        }));
        endpoints.MapGet("/api/v1/alertmanagers", context => ApiResponses.SuccessAsync(context, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("activeAlertmanagers");
            json.WriteEndArray();
            json.WriteStartArray("droppedAlertmanagers");
            json.WriteEndArray();
            json.WriteEndObject();
        }));
    }
}
