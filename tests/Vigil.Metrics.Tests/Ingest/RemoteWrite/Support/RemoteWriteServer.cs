using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Metrics.Ingest.RemoteWrite;
using Vigil.Metrics.Tsdb;
using Vigil.Metrics.Tsdb.Head;

namespace Vigil.Metrics.Tests.Ingest.RemoteWrite.Support;

/// <summary>
/// The receiver behind a real Kestrel on 127.0.0.1 (a port the OS picks), writing into a
/// <see cref="Head"/> unless another store is given. Disposing stops it.
/// </summary>
internal sealed class RemoteWriteServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RemoteWriteServer(WebApplication app, Head? head, RemoteWriteHandler handler, Uri writeUri)
    {
        _app = app;
        Head = head;
        Handler = handler;
        WriteUri = writeUri;
        Client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
    }

    public Head? Head { get; }

    public RemoteWriteHandler Handler { get; }

    public Uri WriteUri { get; }

    public HttpClient Client { get; }

    public static async Task<RemoteWriteServer> StartAsync(RemoteWriteOptions? options = null, IAppendable? store = null, ILogger? log = null)
    {
        var head = store is null ? new Head(new HeadOptions()) : null;
        var handler = new RemoteWriteHandler(store ?? new HeadAppendable(head!), options ?? new RemoteWriteOptions(), log ?? NullLogger.Instance);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Map("/api/v1/write", handler.HandleAsync);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RemoteWriteServer(app, head, handler, new Uri(new Uri(address), "/api/v1/write"));
    }

    /// <summary>POSTs a body with remote write's headers (1.0 unless <paramref name="contentType"/> says otherwise).</summary>
    public async Task<HttpResponseMessage> PostAsync(byte[] body, string? contentType = "application/x-protobuf",
        string? encoding = "snappy", HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Post, WriteUri) { Content = new ByteArrayContent(body) };
        if (contentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        if (encoding is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Encoding", encoding);
        }
        request.Headers.TryAddWithoutValidation("X-Prometheus-Remote-Write-Version", "0.1.0");
        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>The head as an <see cref="IAppendable"/> (the TSDB will be one; the head alone is enough here).</summary>
internal sealed class HeadAppendable(Head head) : IAppendable
{
    public IAppender Appender() => head.Appender();
}
