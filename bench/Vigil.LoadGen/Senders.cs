using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Net.Client;

namespace Vigil.LoadGen;

public readonly record struct SendResult(bool Ok, bool Rejected, string? Error)
{
    public static SendResult Success => new(true, false, null);

    public static SendResult Refused(string why) => new(false, true, why);

    public static SendResult Failed(string why) => new(false, false, why);
}

/// <summary>Sends one pre-encoded ExportTraceServiceRequest.</summary>
public interface ISender : IDisposable
{
    Task<SendResult> SendAsync(byte[] request, CancellationToken cancellationToken);
}

/// <summary>OTLP/gRPC: unary TraceService/Export with a pass-through byte[] marshaller (no generated code, no re-encoding).</summary>
public sealed class GrpcSender : ISender
{
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(static bytes => bytes, static bytes => bytes);

    private static readonly Method<byte[], byte[]> Export = new(
        MethodType.Unary, "opentelemetry.proto.collector.trace.v1.TraceService", "Export", Raw, Raw);

    private readonly GrpcChannel _channel;
    private readonly CallInvoker _invoker;

    public GrpcSender(string endpoint, int concurrency)
    {
        var handler = new SocketsHttpHandler
        {
            // One HTTP/2 connection multiplexes the concurrent calls; more open past the server's stream limit.
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        _channel = GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxSendMessageSize = null,
            MaxReceiveMessageSize = null,
        });
        _invoker = _channel.CreateCallInvoker();
        Debug.Assert(concurrency > 0);
    }

    public async Task<SendResult> SendAsync(byte[] request, CancellationToken cancellationToken)
    {
        try
        {
            using var call = _invoker.AsyncUnaryCall(Export, null, new CallOptions(cancellationToken: cancellationToken), request);
            await call.ResponseAsync.ConfigureAwait(false);
            return SendResult.Success;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
        {
            return SendResult.Refused("gRPC RESOURCE_EXHAUSTED: " + e.Status.Detail);
        }
        catch (RpcException e)
        {
            return SendResult.Failed($"gRPC {e.StatusCode}: {e.Status.Detail}");
        }
    }

    public void Dispose() => _channel.Dispose();
}

/// <summary>OTLP/HTTP: POST /v1/traces with Content-Type application/x-protobuf over pooled HTTP/1.1 connections.</summary>
public sealed class HttpSender : ISender
{
    private static readonly MediaTypeHeaderValue Protobuf = new("application/x-protobuf");

    private readonly HttpClient _client;
    private readonly Uri _uri;

    public HttpSender(string endpoint, int concurrency)
    {
        string url = endpoint.TrimEnd('/');
        if (!url.EndsWith("/v1/traces", StringComparison.Ordinal))
        {
            url += "/v1/traces";
        }
        _uri = new Uri(url);
        _client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public async Task<SendResult> SendAsync(byte[] request, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(request);
        content.Headers.ContentType = Protobuf;
        using var response = await _client.PostAsync(_uri, content, cancellationToken).ConfigureAwait(false);
        // Read (and drop) the ExportTraceServiceResponse so the connection goes back to the pool.
        await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        int status = (int)response.StatusCode;
        return status switch
        {
            200 => SendResult.Success,
            429 or 503 => SendResult.Refused($"HTTP {status}"),
            _ => SendResult.Failed($"HTTP {status}"),
        };
    }

    public void Dispose() => _client.Dispose();
}
