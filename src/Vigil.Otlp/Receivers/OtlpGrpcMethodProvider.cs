using System.Buffers;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Vigil.Core.Wire;
using Vigil.Otlp.Model;
using Vigil.Otlp.Protobuf;

namespace Vigil.Otlp.Receivers;

/// <summary>
/// Tells Grpc.AspNetCore which methods <see cref="OtlpGrpcReceiver"/> serves, with marshallers that decode
/// straight from gRPC's receive buffer into Vigil's model. Register it as
/// <c>IServiceMethodProvider&lt;OtlpGrpcReceiver&gt;</c> and map the receiver with <c>MapGrpcService</c>.
/// The request marshaller checks the pipeline's capacity first, so a full pipeline refuses a request
/// without decoding it.
/// </summary>
public sealed class OtlpGrpcMethodProvider : IServiceMethodProvider<OtlpGrpcReceiver>
{
    private readonly ITelemetrySink _sink;

    public OtlpGrpcMethodProvider(ITelemetrySink sink) => _sink = sink;

    private delegate T Decoder<out T>(ReadOnlySpan<byte> body);

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<OtlpGrpcReceiver> context)
    {
        context.AddUnaryMethod(Method("opentelemetry.proto.collector.trace.v1.TraceService", OtlpProtobufDecoder.DecodeTraces),
            [], static (service, request, call) => service.ExportTraces(request, call));
        context.AddUnaryMethod(Method("opentelemetry.proto.collector.metrics.v1.MetricsService", OtlpProtobufDecoder.DecodeMetrics),
            [], static (service, request, call) => service.ExportMetrics(request, call));
        context.AddUnaryMethod(Method("opentelemetry.proto.collector.logs.v1.LogsService", OtlpProtobufDecoder.DecodeLogs),
            [], static (service, request, call) => service.ExportLogs(request, call));
    }

    private Method<OtlpGrpcRequest<T>, OtlpGrpcResponse> Method<T>(string service, Decoder<T> decode) where T : class
    {
        var requestMarshaller = Marshallers.Create<OtlpGrpcRequest<T>>(
            static (_, _) => throw new NotSupportedException("requests are only received"),
            context => Deserialize(context, decode));
        var responseMarshaller = Marshallers.Create<OtlpGrpcResponse>(
            static (response, context) => context.Complete(OtlpResponses.ExportResponseProtobuf(response.Result)),
            static _ => throw new NotSupportedException("responses are only sent"));
        return new Method<OtlpGrpcRequest<T>, OtlpGrpcResponse>(MethodType.Unary, service, "Export", requestMarshaller, responseMarshaller);
    }

    private OtlpGrpcRequest<T> Deserialize<T>(DeserializationContext context, Decoder<T> decode) where T : class
    {
        var payload = context.PayloadAsReadOnlySequence();
        long size = payload.Length;
        if (!_sink.HasCapacity)
        {
            return new OtlpGrpcRequest<T> { Refused = true, WireBytes = size };
        }
        try
        {
            if (payload.IsSingleSegment)
            {
                return new OtlpGrpcRequest<T> { Data = decode(payload.FirstSpan), WireBytes = size };
            }
            byte[] rented = ArrayPool<byte>.Shared.Rent((int)size);
            try
            {
                payload.CopyTo(rented);
                return new OtlpGrpcRequest<T> { Data = decode(rented.AsSpan(0, (int)size)), WireBytes = size };
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        catch (ProtoException e)
        {
            return new OtlpGrpcRequest<T> { Error = e.Message, WireBytes = size };
        }
    }
}
