using Grpc.Core;
using Microsoft.Extensions.Logging;
using Vigil.Otlp.Model;

namespace Vigil.Otlp.Receivers;

/// <summary>
/// A request as the gRPC marshaller hands it over: decoded telemetry, or why it could not be decoded or
/// was not even read (pipeline full). Decoding happens in the marshaller, straight from gRPC's buffer.
/// </summary>
internal sealed class OtlpGrpcRequest<T> where T : class
{
    public T? Data { get; init; }

    public string? Error { get; init; }

    public bool Refused { get; init; }

    public long WireBytes { get; init; }
}

/// <summary>The ExportXServiceResponse to send: empty, or with partial_success.</summary>
internal sealed class OtlpGrpcResponse
{
    public static readonly OtlpGrpcResponse Success = new(ConsumeResult.Accepted);

    public OtlpGrpcResponse(ConsumeResult result) => Result = result;

    public ConsumeResult Result { get; }
}

/// <summary>
/// OTLP/gRPC receiver: the unary Export methods of TraceService, MetricsService and LogsService. The
/// methods are bound by <see cref="OtlpGrpcMethodProvider"/> with marshallers that run Vigil's protobuf
/// decoder (no generated code). gzip is handled by Grpc.AspNetCore; the message size limit comes from
/// GrpcServiceOptions.MaxReceiveMessageSize (over it: RESOURCE_EXHAUSTED, as the OTLP spec asks).
/// Statuses: INVALID_ARGUMENT for malformed data, RESOURCE_EXHAUSTED with RetryInfo when the pipeline is
/// over its memory limit (docs/apis/otlp.md).
/// </summary>
public sealed class OtlpGrpcReceiver
{
    internal static readonly ReceiverContext Context = new("otlp", "grpc");

    private readonly ITelemetrySink _sink;
    private readonly ILogger _logger;

    public OtlpGrpcReceiver(ITelemetrySink sink, ILogger<OtlpGrpcReceiver> logger)
    {
        _sink = sink;
        _logger = logger;
    }

    internal Task<OtlpGrpcResponse> ExportTraces(OtlpGrpcRequest<TracesData> request, ServerCallContext context) =>
        ExportAsync(request, TelemetrySignal.Traces, static (s, d, n) => s.ConsumeTraces(d, n, Context));

    internal Task<OtlpGrpcResponse> ExportMetrics(OtlpGrpcRequest<MetricsData> request, ServerCallContext context) =>
        ExportAsync(request, TelemetrySignal.Metrics, static (s, d, n) => s.ConsumeMetrics(d, n, Context));

    internal Task<OtlpGrpcResponse> ExportLogs(OtlpGrpcRequest<LogsData> request, ServerCallContext context) =>
        ExportAsync(request, TelemetrySignal.Logs, static (s, d, n) => s.ConsumeLogs(d, n, Context));

    private Task<OtlpGrpcResponse> ExportAsync<T>(OtlpGrpcRequest<T> request, TelemetrySignal signal,
        Func<ITelemetrySink, T, long, ConsumeResult> consume) where T : class
    {
        if (request.Refused)
        {
            _sink.RecordRefusedRequest(signal, Context);
            throw Exhausted("data refused: the pipeline is over its memory limit", _sink.RetryAfter);
        }
        if (request.Error is not null || request.Data is null)
        {
            string message = $"cannot decode OTLP protobuf {OtlpHttpReceiver.SignalName(signal)} request: {request.Error}";
            OtlpReceiverLog.MalformedRequest(_logger, "grpc", signal, request.Error ?? "empty");
            throw new RpcException(new Status(Grpc.Core.StatusCode.InvalidArgument, message));
        }
        var result = consume(_sink, request.Data, request.WireBytes);
        if (result.Status == ConsumeStatus.Refused)
        {
            throw Exhausted(result.Message, result.RetryAfter);
        }
        return Task.FromResult(result.Status == ConsumeStatus.Accepted ? OtlpGrpcResponse.Success : new OtlpGrpcResponse(result));
    }

    /// <summary>RESOURCE_EXHAUSTED is retryable only with RetryInfo attached, so the details trailer always carries it.</summary>
    private static RpcException Exhausted(string message, TimeSpan retryAfter)
    {
        var delay = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds)));
        var trailers = new Metadata
        {
            { "grpc-status-details-bin", OtlpResponses.StatusProtobuf(OtlpResponses.ResourceExhausted, message, delay) },
        };
        return new RpcException(new Status(Grpc.Core.StatusCode.ResourceExhausted, message), trailers);
    }
}
