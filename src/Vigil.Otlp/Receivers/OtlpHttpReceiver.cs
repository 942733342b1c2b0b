using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Vigil.Core.Buffers;
using Vigil.Core.Wire;
using Vigil.Otlp.Json;
using Vigil.Otlp.Model;
using Vigil.Otlp.Protobuf;

namespace Vigil.Otlp.Receivers;

/// <summary>
/// OTLP/HTTP receiver: POST /v1/traces, /v1/metrics, /v1/logs with <c>application/x-protobuf</c> or
/// <c>application/json</c> bodies, optionally gzip/deflate compressed. Statuses follow the OTLP spec
/// (docs/apis/otlp.md): 200 (full or partial success), 400 malformed, 405 method, 413 too large,
/// 415 media type, 429 over the memory limit with Retry-After. Error bodies are google.rpc.Status in the
/// request's encoding, except 405/415 where the encoding is unknown and the collector's plain text is used.
/// </summary>
public sealed class OtlpHttpReceiver
{
    private static readonly ReceiverContext Context = new("otlp", "http");

    private readonly ITelemetrySink _sink;
    private readonly OtlpHttpOptions _options;
    private readonly ILogger _logger;

    public OtlpHttpReceiver(ITelemetrySink sink, OtlpHttpOptions options, ILogger<OtlpHttpReceiver> logger)
    {
        _sink = sink;
        _options = options;
        _logger = logger;
    }

    private delegate T Decoder<out T>(ReadOnlySpan<byte> body);

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.Map("/v1/traces", context => HandleAsync(context, TelemetrySignal.Traces,
            OtlpProtobufDecoder.DecodeTraces, OtlpJsonDecoder.DecodeTraces,
            static (sink, data, size) => sink.ConsumeTraces(data, size, Context)));
        endpoints.Map("/v1/metrics", context => HandleAsync(context, TelemetrySignal.Metrics,
            OtlpProtobufDecoder.DecodeMetrics, OtlpJsonDecoder.DecodeMetrics,
            static (sink, data, size) => sink.ConsumeMetrics(data, size, Context)));
        endpoints.Map("/v1/logs", context => HandleAsync(context, TelemetrySignal.Logs,
            OtlpProtobufDecoder.DecodeLogs, OtlpJsonDecoder.DecodeLogs,
            static (sink, data, size) => sink.ConsumeLogs(data, size, Context)));
    }

    private async Task HandleAsync<T>(HttpContext context, TelemetrySignal signal, Decoder<T> protobuf, Decoder<T> json,
        Func<ITelemetrySink, T, long, ConsumeResult> consume)
    {
        var request = context.Request;
        var response = context.Response;
        if (!HttpMethods.IsPost(request.Method))
        {
            response.Headers.Allow = "POST";
            await WritePlainAsync(response, StatusCodes.Status405MethodNotAllowed, "405 method not allowed, supported: [POST]");
            return;
        }

        bool isJson;
        string mediaType = MediaTypeOf(request.ContentType);
        if (mediaType == "application/x-protobuf")
        {
            isJson = false;
        }
        else if (mediaType == "application/json")
        {
            isJson = true;
        }
        else
        {
            await WritePlainAsync(response, StatusCodes.Status415UnsupportedMediaType,
                "415 unsupported media type, supported: [application/json, application/x-protobuf]");
            return;
        }

        if (request.ContentLength is long declared && declared > _options.MaxRequestBodySize)
        {
            await WriteStatusAsync(response, isJson, StatusCodes.Status413PayloadTooLarge, OtlpResponses.InvalidArgument,
                $"request body of {declared} bytes exceeds the limit of {_options.MaxRequestBodySize} bytes");
            return;
        }

        if (!_sink.HasCapacity)
        {
            _sink.RecordRefusedRequest(signal, Context);
            await WriteRefusedAsync(response, isJson, "data refused: the pipeline is over its memory limit", _sink.RetryAfter);
            return;
        }

        var (body, error, message) = await BoundedBodyReader.ReadAsync(
            request.Body, request.Headers.ContentEncoding, _options.MaxRequestBodySize, context.RequestAborted);
        if (body is null)
        {
            int status = error == BodyReadError.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
            await WriteStatusAsync(response, isJson, status, OtlpResponses.InvalidArgument, message);
            return;
        }

        ConsumeResult result;
        using (body)
        {
            T data;
            try
            {
                data = isJson ? json(body.Span) : protobuf(body.Span);
            }
            catch (Exception e) when (e is ProtoException or OtlpJsonException)
            {
                OtlpReceiverLog.MalformedRequest(_logger, "http", signal, e.Message);
                await WriteStatusAsync(response, isJson, StatusCodes.Status400BadRequest, OtlpResponses.InvalidArgument,
                    $"cannot decode {(isJson ? "OTLP/JSON" : "OTLP protobuf")} {SignalName(signal)} request: {e.Message}");
                return;
            }
            result = consume(_sink, data, body.Length);
        }

        if (result.Status == ConsumeStatus.Refused)
        {
            await WriteRefusedAsync(response, isJson, result.Message, result.RetryAfter);
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        byte[] payload;
        if (isJson)
        {
            response.ContentType = "application/json";
            payload = OtlpResponses.ExportResponseJson(result, signal);
        }
        else
        {
            response.ContentType = "application/x-protobuf";
            payload = OtlpResponses.ExportResponseProtobuf(result);
        }
        response.ContentLength = payload.Length;
        await response.Body.WriteAsync(payload);
    }

    internal static string SignalName(TelemetrySignal signal) => signal switch
    {
        TelemetrySignal.Traces => "traces",
        TelemetrySignal.Metrics => "metrics",
        _ => "logs",
    };

    private static string MediaTypeOf(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType is null)
        {
            return string.Empty;
        }
        return parsed.MediaType.ToLowerInvariant();
    }

    private static Task WriteRefusedAsync(HttpResponse response, bool isJson, string message, TimeSpan retryAfter)
    {
        int seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return WriteStatusAsync(response, isJson, StatusCodes.Status429TooManyRequests, OtlpResponses.ResourceExhausted,
            message, TimeSpan.FromSeconds(seconds));
    }

    private static async Task WriteStatusAsync(HttpResponse response, bool isJson, int httpStatus, int grpcCode, string message,
        TimeSpan? retryAfter = null)
    {
        response.StatusCode = httpStatus;
        byte[] payload;
        if (isJson)
        {
            response.ContentType = "application/json";
            payload = OtlpResponses.StatusJson(grpcCode, message, retryAfter);
        }
        else
        {
            response.ContentType = "application/x-protobuf";
            payload = OtlpResponses.StatusProtobuf(grpcCode, message, retryAfter);
        }
        response.ContentLength = payload.Length;
        await response.Body.WriteAsync(payload);
    }

    private static async Task WritePlainAsync(HttpResponse response, int status, string text)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync(text);
    }
}
