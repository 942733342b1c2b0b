using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Vigil.Metrics.GoText;

namespace Vigil.Metrics.Api;

/// <summary>
/// Prometheus's JSON envelope (api-compat 3.1; web/api/v1/api.go <c>Response</c>): keys in upstream's order
/// (<c>status</c>, <c>data</c>, <c>errorType</c>, <c>error</c>, <c>warnings</c>, <c>infos</c>), empty ones left out,
/// strings escaped as Go escapes them.
/// </summary>
internal static class ApiResponses
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = GoJsonEncoder.Instance, SkipValidation = true };

    public static Task SuccessAsync(HttpContext context, Action<Utf8JsonWriter> writeData) =>
        SuccessAsync(context, writeData, null, null);

    /// <summary>Success with data, and the warnings and infos (already rendered) when there are any.</summary>
    public static async Task SuccessAsync(HttpContext context, Action<Utf8JsonWriter>? writeData,
        IReadOnlyList<string>? warnings, IReadOnlyList<string>? infos)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        var json = new Utf8JsonWriter(context.Response.BodyWriter, WriterOptions);
        await using (json.ConfigureAwait(false))
        {
            json.WriteStartObject();
            json.WriteString("status", "success");
            if (writeData is not null)
            {
                json.WritePropertyName("data");
                writeData(json);
            }
            WriteStrings(json, "warnings", warnings);
            WriteStrings(json, "infos", infos);
            json.WriteEndObject();
            json.Flush();
        }
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Success whose data is written in parts: <paramref name="writeData"/> calls the flush callback between items
    /// so a large range result goes to the socket as it is rendered instead of piling up in the response pipe.
    /// </summary>
    public static async Task SuccessStreamingAsync(HttpContext context, Func<Utf8JsonWriter, Func<ValueTask>, ValueTask> writeData,
        IReadOnlyList<string>? warnings, IReadOnlyList<string>? infos)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        var pipe = context.Response.BodyWriter;
        var json = new Utf8JsonWriter(pipe, WriterOptions);
        await using (json.ConfigureAwait(false))
        {
            async ValueTask FlushIfLarge()
            {
                if (json.BytesPending < FlushThreshold && (!pipe.CanGetUnflushedBytes || pipe.UnflushedBytes < FlushThreshold)) return;
                json.Flush();
                await pipe.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
            json.WriteStartObject();
            json.WriteString("status", "success");
            json.WritePropertyName("data");
            await writeData(json, FlushIfLarge).ConfigureAwait(false);
            WriteStrings(json, "warnings", warnings);
            WriteStrings(json, "infos", infos);
            json.WriteEndObject();
            json.Flush();
        }
        await pipe.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private const int FlushThreshold = 256 * 1024;

    /// <summary>An error in upstream's shape; the status follows from the type as getDefaultErrorCode maps it.</summary>
    public static async Task ErrorAsync(HttpContext context, string errorType, string error)
    {
        context.Response.StatusCode = StatusOf(errorType);
        context.Response.ContentType = "application/json";
        var json = new Utf8JsonWriter(context.Response.BodyWriter, WriterOptions);
        await using (json.ConfigureAwait(false))
        {
            json.WriteStartObject();
            json.WriteString("status", "error");
            json.WriteString("errorType", errorType);
            json.WriteString("error", error);
            json.WriteEndObject();
            json.Flush();
        }
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    public static Task BadData(HttpContext context, string error) => ErrorAsync(context, "bad_data", error);

    /// <summary>invalidParamError: <c>invalid parameter "name": error</c>, bad_data.</summary>
    public static Task InvalidParam(HttpContext context, string name, string error) =>
        ErrorAsync(context, "bad_data", $"invalid parameter {GoQuote.Quote(name)}: {error}");

    /// <summary>Error types and their statuses as Prometheus's getDefaultErrorCode maps them (api-compat 3.2).</summary>
    public static int StatusOf(string errorType) => errorType switch
    {
        "bad_data" => StatusCodes.Status400BadRequest,
        "execution" => StatusCodes.Status422UnprocessableEntity,
        "canceled" => 499,
        "timeout" => StatusCodes.Status503ServiceUnavailable,
        "not_found" => StatusCodes.Status404NotFound,
        "not_acceptable" => StatusCodes.Status406NotAcceptable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>A JSON array of strings (<c>[]</c> when empty).</summary>
    public static void WriteStringArray(Utf8JsonWriter json, IEnumerable<string> values)
    {
        json.WriteStartArray();
        foreach (string v in values) json.WriteStringValue(v);
        json.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string>? values)
    {
        if (values is null || values.Count == 0) return;
        json.WritePropertyName(name);
        WriteStringArray(json, values);
    }
}
