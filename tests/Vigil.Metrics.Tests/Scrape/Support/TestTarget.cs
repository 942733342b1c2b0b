using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Vigil.Metrics.Tests.Scrape.Support;

/// <summary>
/// A real HTTP scrape target on 127.0.0.1 (Kestrel, free port) whose response the test sets; it records
/// the request headers it saw. One per test.
/// </summary>
internal sealed class TestTarget : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile Response _response = new(200, "text/plain; version=0.0.4; charset=utf-8", "");

    private sealed record Response(int Status, string? ContentType, string Body, TimeSpan Delay = default);

    private TestTarget(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;
    public string Address => $"{Url.Host}:{Url.Port}";
    public IHeaderDictionary? LastHeaders { get; private set; }
    public int Requests;

    /// <summary>Released once per request after the response was written (tests wait on it).</summary>
    public SemaphoreSlim Served { get; } = new(0);

    public static async Task<TestTarget> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var target = new TestTarget(app);
        app.Run(target.HandleAsync);
        await app.StartAsync();
        target.Url = new Uri(app.Urls.First() + "/metrics");
        return target;
    }

    public void Respond(string body, string? contentType = "text/plain; version=0.0.4; charset=utf-8", int status = 200, TimeSpan delay = default) =>
        _response = new Response(status, contentType, body, delay);

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref Requests);
        LastHeaders = new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value));
        var r = _response;
        if (r.Delay > TimeSpan.Zero) await Task.Delay(r.Delay, context.RequestAborted);
        context.Response.StatusCode = r.Status;
        if (r.ContentType is not null) context.Response.ContentType = r.ContentType;
        await context.Response.WriteAsync(r.Body);
        await context.Response.CompleteAsync();
        Served.Release();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
