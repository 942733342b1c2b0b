using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Core.Buffers;
using Vigil.Core.Wire;
using Vigil.Metrics.Tsdb;
using Vigil.Otlp.Json;
using Vigil.Otlp.Model;
using Vigil.Otlp.Protobuf;

namespace Vigil.Metrics.Ingest.Otlp;

/// <summary>
/// POST /api/v1/otlp/v1/metrics on the Prometheus port, as Prometheus' otlpWriteHandler
/// (storage/remote/write_otlp_handler.go, codec.go <c>DecodeOTLPWriteRequest</c>): the Content-Type must be
/// exactly <c>application/x-protobuf</c> or <c>application/json</c>, the Content-Encoding empty or
/// <c>gzip</c>; the request is translated as a whole and committed only when nothing failed.
/// Statuses: 200 (an empty <c>ExportMetricsServiceResponse</c> in the request's encoding), 400 bad request
/// or out-of-order/out-of-bounds/duplicate samples, 413 body over the limit, 500 translation or storage
/// error, 503 storage unavailable. Error bodies are plain text, as Go's <c>http.Error</c> writes them.
/// Thread-safe; one instance serves every request.
/// </summary>
public sealed class OtlpWriteHandler
{
    /// <summary>Prometheus reads at most 32 MiB of (decompressed) OTLP body.</summary>
    public const long DefaultMaxBodyBytes = 32L * 1024 * 1024;

    private const string ProtobufContentType = "application/x-protobuf";
    private const string JsonContentType = "application/json";

    private readonly IAppendable _store;
    private readonly OtlpTranslator _translator;
    private readonly OtlpLatestValues? _latest;
    private readonly long _maxBodyBytes;
    private readonly ILogger _logger;

    public OtlpWriteHandler(IAppendable store, OtlpTranslator translator, long maxBodyBytes = DefaultMaxBodyBytes,
        OtlpLatestValues? latest = null, ILogger? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBodyBytes);
        _store = store;
        _translator = translator;
        _maxBodyBytes = maxBodyBytes;
        _latest = latest;
        _logger = logger ?? NullLogger.Instance;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            context.Response.Headers.Allow = "POST";
            await WriteErrorAsync(context.Response, StatusCodes.Status405MethodNotAllowed, "Method Not Allowed");
            return;
        }

        // Exact match: Prometheus compares the header verbatim, so parameters such as charset are refused.
        string contentType = request.Headers.ContentType.ToString();
        bool isJson;
        if (contentType == ProtobufContentType) isJson = false;
        else if (contentType == JsonContentType) isJson = true;
        else
        {
            await WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest,
                $"unsupported content type: {contentType}, supported: [{JsonContentType}, {ProtobufContentType}]");
            return;
        }

        string encoding = request.Headers.ContentEncoding.ToString();
        if (encoding is not ("" or "gzip"))
        {
            await WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest,
                $"unsupported compression: {encoding}. Only \"gzip\" or no compression supported");
            return;
        }

        if (request.ContentLength is long declared && declared > _maxBodyBytes)
        {
            await WriteErrorAsync(context.Response, StatusCodes.Status413PayloadTooLarge,
                $"request body of {declared} bytes exceeds the limit of {_maxBodyBytes} bytes");
            return;
        }

        var (body, readError, readMessage) = await BoundedBodyReader.ReadAsync(request.Body, encoding, _maxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            int status = readError == BodyReadError.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
            await WriteErrorAsync(context.Response, status, readMessage);
            return;
        }

        MetricsData data;
        using (body)
        {
            try
            {
                data = isJson ? OtlpJsonDecoder.DecodeMetrics(body.Span) : OtlpProtobufDecoder.DecodeMetrics(body.Span);
            }
            catch (Exception e) when (e is ProtoException or OtlpJsonException)
            {
                OtlpIngestLog.MalformedRequest(_logger, e.Message);
                await WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, e.Message);
                return;
            }
        }

        var (code, message) = await WriteAsync(data, context.RequestAborted);
        if (code != StatusCodes.Status200OK)
        {
            OtlpIngestLog.WriteRefused(_logger, code, message);
            await WriteErrorAsync(context.Response, code, message);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        if (isJson)
        {
            context.Response.ContentType = JsonContentType;
            context.Response.ContentLength = 2;
            await context.Response.Body.WriteAsync("{}"u8.ToArray(), context.RequestAborted);
        }
        else
        {
            // An empty protobuf body is a valid empty ExportMetricsServiceResponse.
            context.Response.ContentType = ProtobufContentType;
            context.Response.ContentLength = 0;
        }
    }

    /// <summary>Translates and commits one request all or nothing; returns the HTTP status and error text.</summary>
    private async Task<(int Status, string Message)> WriteAsync(MetricsData data, CancellationToken cancellationToken)
    {
        var appender = _store.Appender();
        if (_latest is not null) appender = _latest.Wrap(appender);
        OtlpWriteResult result;
        try
        {
            result = _translator.Translate(data, appender);
        }
        catch
        {
            appender.Rollback();
            throw;
        }
        if (result.Warnings.Count > 0) OtlpIngestLog.TranslationWarnings(_logger, string.Join("; ", result.Warnings));

        int status = result.Outcome switch
        {
            OtlpWriteOutcome.Ok => StatusCodes.Status200OK,
            OtlpWriteOutcome.BadData => StatusCodes.Status400BadRequest,
            OtlpWriteOutcome.Unavailable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status500InternalServerError,
        };
        if (status != StatusCodes.Status200OK)
        {
            // As upstream: any error rolls the whole request back, so a retry cannot duplicate samples.
            appender.Rollback();
            return (status, result.ErrorText);
        }
        try
        {
            await appender.CommitAsync(cancellationToken);
        }
        catch (IOException e)
        {
            OtlpIngestLog.CommitFailed(_logger, e.Message);
            return (StatusCodes.Status500InternalServerError, e.Message);
        }
        return (StatusCodes.Status200OK, "");
    }

    /// <summary>Go's <c>http.Error</c>: text/plain, nosniff, the message and a newline.</summary>
    private static async Task WriteErrorAsync(HttpResponse response, int status, string message)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.XContentTypeOptions = "nosniff";
        await response.WriteAsync(message + "\n");
    }
}
