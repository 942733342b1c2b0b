using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Vigil.Core.Buffers;
using Vigil.Core.Hosting;
using Vigil.Metrics.Tsdb;

namespace Vigil.Metrics.Ingest.RemoteWrite;

/// <summary>
/// The Prometheus remote write receiver, <c>POST /api/v1/write</c> on the metrics door (9090), for
/// remote write 1.0 and 2.0 (storage/remote/write_handler.go; docs/apis/prometheus-remote-write.md has
/// the behaviour and where Vigil differs). Order of checks as upstream: method, Content-Type,
/// Content-Encoding, body, snappy, protobuf, storage. Errors are Go's <c>http.Error</c>: plain text, the
/// message plus a newline. Thread-safe; one instance serves every request of the door.
/// </summary>
internal sealed class RemoteWriteHandler
{
    public const string SamplesWrittenHeader = "X-Prometheus-Remote-Write-Samples-Written";
    public const string HistogramsWrittenHeader = "X-Prometheus-Remote-Write-Histograms-Written";
    public const string ExemplarsWrittenHeader = "X-Prometheus-Remote-Write-Exemplars-Written";

    private readonly RemoteWriteOptions _options;
    private readonly RemoteWriteWriter _writer;
    private readonly RemoteWriteBatchPool _batches = new();
    private readonly DecompressionBuffers _decompressionBuffers = new();
    private readonly ILogger _log;

    public RemoteWriteHandler(IAppendable store, RemoteWriteOptions options, ILogger log)
    {
        options.Validate();
        _options = options;
        _log = log;
        _writer = new RemoteWriteWriter(store, options, Stats, log);
    }

    public RemoteWriteStats Stats { get; } = new();

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (HttpMethods.IsOptions(request.Method))
        {
            // Prometheus answers OPTIONS on every API path (CORS preflight) with an empty 204.
            Stats.Request(StatusCodes.Status204NoContent);
            response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        if (!HttpMethods.IsPost(request.Method))
        {
            // What Prometheus' router (httprouter) answers for a method the route lacks.
            response.Headers.Allow = "OPTIONS, POST";
            await ErrorAsync(response, StatusCodes.Status405MethodNotAllowed, "Method Not Allowed");
            return;
        }

        RemoteWriteResult result;
        try
        {
            result = await ReceiveAsync(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // The sender went away; it will retry.
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own body limits or a broken upload.
            result = RemoteWriteResult.Failed(e.StatusCode, e.Message);
        }
        catch (Exception e)
        {
            // One bad request never takes the door down; 500 asks the sender to retry.
            RemoteWriteLog.WriteFailed(_log, e.Message, e);
            result = RemoteWriteResult.Failed(StatusCodes.Status500InternalServerError, e.Message);
        }
        if (response.HasStarted)
        {
            return;
        }
        if (result.Status != StatusCodes.Status405MethodNotAllowed && result.Status != StatusCodes.Status415UnsupportedMediaType)
        {
            response.Headers[SamplesWrittenHeader] = result.SamplesWritten.ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.Headers[HistogramsWrittenHeader] = result.HistogramsWritten.ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.Headers[ExemplarsWrittenHeader] = result.ExemplarsWritten.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (result.Error is null)
        {
            Stats.Request(result.Status);
            response.StatusCode = result.Status;
            return;
        }
        await ErrorAsync(response, result.Status, result.Error);
    }

    private async Task<RemoteWriteResult> ReceiveAsync(HttpContext context)
    {
        var request = context.Request;
        if (!RemoteWriteContentType.TryParse(request.ContentType, out var version, out string error))
        {
            return Refuse(StatusCodes.Status415UnsupportedMediaType, error);
        }
        if (version == RemoteWriteVersion.V1 ? !_options.AcceptV1 : !_options.AcceptV2)
        {
            return Refuse(StatusCodes.Status415UnsupportedMediaType, RemoteWriteContentType.NotAccepted(version, _options));
        }
        string? encoding = request.Headers.ContentEncoding;
        if (!RemoteWriteContentType.IsAcceptedEncoding(encoding))
        {
            return Refuse(StatusCodes.Status415UnsupportedMediaType, RemoteWriteContentType.EncodingNotAccepted(encoding!));
        }

        long limit = _options.MaxRequestBodyBytes;
        if (request.ContentLength > limit)
        {
            return Refuse(StatusCodes.Status413PayloadTooLarge, $"request body of {request.ContentLength} bytes exceeds the limit of {limit} bytes");
        }
        // The receiver's own limit governs, not Kestrel's default (30 MB).
        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = limit + 1;
        }
        // Identity on purpose: the body is a snappy block whatever the header said, as upstream reads it.
        var (body, readError, message) = await BoundedBodyReader.ReadAsync(request.Body, null, limit, context.RequestAborted);
        if (body is null)
        {
            return Refuse(readError == BodyReadError.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest, message);
        }
        using (body)
        {
            return await ProcessAsync(version, body.Memory);
        }
    }

    /// <summary>
    /// Decompresses, decodes and writes one request body. Never throws for bad input: a broken body is a
    /// 400 (413 past the size limit) with upstream's text.
    /// </summary>
    internal async ValueTask<RemoteWriteResult> ProcessAsync(RemoteWriteVersion version, ReadOnlyMemory<byte> compressed)
    {
        var batch = _batches.Rent();
        try
        {
            var decoded = Decode(version, compressed.Span, batch);
            if (decoded.Status != 0)
            {
                return decoded;
            }
            Stats.Received(batch.SampleTotal, batch.HistogramTotal, batch.ExemplarTotal);
            return await _writer.WriteAsync(batch);
        }
        finally
        {
            _batches.Return(batch);
        }
    }

    /// <summary>Status 0 when <paramref name="batch"/> holds the decoded request, else the failure to answer.</summary>
    private RemoteWriteResult Decode(RemoteWriteVersion version, ReadOnlySpan<byte> compressed, RemoteWriteBatch batch)
    {
        byte[] buffer = _decompressionBuffers.Rent();
        try
        {
            var status = SnappyBlock.TryDecompress(compressed, _options.MaxDecompressedBytes, ref buffer, out int length, out string error);
            if (status != SnappyStatus.Ok)
            {
                return Refuse(status == SnappyStatus.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest, error);
            }
            // Strings are copied out (interned) while decoding: nothing refers to the buffer afterwards.
            var data = buffer.AsSpan(0, length);
            if (version == RemoteWriteVersion.V1)
            {
                RemoteWriteV1Decoder.Decode(data, batch);
            }
            else
            {
                RemoteWriteV2Decoder.Decode(data, batch);
            }
            return default;
        }
        catch (RemoteWriteDecodeException e)
        {
            RemoteWriteLog.RequestRefused(_log, StatusCodes.Status400BadRequest, e.Message, e.Detail);
            return RemoteWriteResult.Failed(StatusCodes.Status400BadRequest, e.Message);
        }
        finally
        {
            _decompressionBuffers.Return(buffer);
        }
    }

    private RemoteWriteResult Refuse(int status, string error)
    {
        RemoteWriteLog.RequestRefused(_log, status, error, error);
        return RemoteWriteResult.Failed(status, error);
    }

    /// <summary>Go's <c>http.Error</c>: plain text, nosniff, the message and a newline.</summary>
    private Task ErrorAsync(HttpResponse response, int status, string message)
    {
        Stats.Request(status);
        response.StatusCode = status;
        response.ContentType = PlainText.TextContentType;
        response.Headers.XContentTypeOptions = "nosniff";
        return response.WriteAsync(message + "\n");
    }
}
