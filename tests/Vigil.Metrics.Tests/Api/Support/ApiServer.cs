using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Core.Hosting;
using Vigil.Metrics.Api;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb;

namespace Vigil.Metrics.Tests.Api.Support;

/// <summary>
/// The metrics role (a real Db in a temporary directory) behind the Prometheus door on a real Kestrel on
/// 127.0.0.1, wired as the host wires it (<see cref="PrometheusApi.AddServices"/> + <see cref="PrometheusApi.Map"/>).
/// </summary>
internal sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dir;

    private ApiServer(WebApplication app, MetricsRole role, string dir, Uri baseUri, Readiness readiness)
    {
        _app = app;
        Role = role;
        _dir = dir;
        BaseUri = baseUri;
        Readiness = readiness;
        Client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, AllowAutoRedirect = false }) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public MetricsRole Role { get; }
    public Uri BaseUri { get; }
    public HttpClient Client { get; }
    public Readiness Readiness { get; }

    public static async Task<ApiServer> StartAsync(string? prometheusYml = null, bool ready = true, Vigil.Metrics.PromQL.Engine.EngineOptions? engine = null)
    {
        string dir = Directory.CreateTempSubdirectory("vigil-api-").FullName;
        string config = "";
        if (prometheusYml is not null)
        {
            config = Path.Combine(dir, "prometheus.yml");
            await File.WriteAllTextAsync(config, prometheusYml);
        }
        var role = MetricsRole.Open(new MetricsRoleOptions { Storage = new DbOptions { Directory = Path.Combine(dir, "metrics") }, ConfigFile = config, Query = engine ?? new() },
            NullLoggerFactory.Instance);
        await role.StartAsync(CancellationToken.None);
        var readiness = new Readiness();
        if (ready) readiness.MarkReady();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        PrometheusApi.AddServices(builder.Services);
        var app = builder.Build();
        PrometheusApi.Map(app, readiness, role);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ApiServer(app, role, dir, new Uri(address), readiness);
    }

    /// <summary>Appends float samples (labels as name/value pairs) and commits.</summary>
    public async Task AddAsync(Labels labels, params (long T, double V)[] samples)
    {
        var app = Role.Db.Appender();
        ulong seriesRef = 0;
        foreach (var (t, v) in samples) app.Append(ref seriesRef, labels, t, v);
        await app.CommitAsync();
    }

    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string pathAndQuery)
    {
        using var response = await Client.GetAsync(pathAndQuery);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<(HttpStatusCode Status, string Body)> PostFormAsync(string path, params (string Name, string Value)[] form)
    {
        using var content = new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        using var response = await Client.PostAsync(path, content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static JsonElement Data(string body)
    {
        using var doc = JsonDocument.Parse(body);
        Assert.Equal("success", doc.RootElement.GetProperty("status").GetString());
        return doc.RootElement.GetProperty("data").Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Role.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
