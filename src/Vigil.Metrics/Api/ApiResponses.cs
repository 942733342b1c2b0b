using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Vigil.Metrics.Api;

/// <summary>Prometheus's JSON envelope (api-compat 3.1): success with data, or errorType + error with the matching status.</summary>
internal static class ApiResponses
{
    public static async Task SuccessAsync(HttpContext context, Action<Utf8JsonWriter> writeData)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", "success");
        json.WritePropertyName("data");
        writeData(json);
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Error types and their statuses as Prometheus's getDefaultErrorCode maps them.</summary>
    public static async Task ErrorAsync(HttpContext context, string errorType, string error)
    {
        context.Response.StatusCode = errorType switch
        {
            "bad_data" => StatusCodes.Status400BadRequest,
            "execution" => StatusCodes.Status422UnprocessableEntity,
            "canceled" => 499,
            "timeout" => StatusCodes.Status503ServiceUnavailable,
            "not_found" => StatusCodes.Status404NotFound,
            "not_acceptable" => StatusCodes.Status406NotAcceptable,
            _ => StatusCodes.Status500InternalServerError,
        };
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", "error");
        json.WriteString("errorType", errorType);
        json.WriteString("error", error);
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
