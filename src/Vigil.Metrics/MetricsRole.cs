using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Vigil.Core.Hosting;
using Vigil.Metrics.Ingest.Otlp;
using Vigil.Metrics.Ingest.RemoteWrite;
using Vigil.Metrics.PromQL.Engine;
using Vigil.Metrics.Scrape;
using Vigil.Metrics.Tsdb;

namespace Vigil.Metrics;

/// <summary>
/// The metrics role put together: the TSDB and everything that writes into it (scraping, remote write,
/// OTLP on 9090, the collector's OTLP exporter) or serves it on 9090. Opened before the doors (storage
/// first, so nothing is accepted that cannot be kept), disposed after them. Start order: TSDB (blocks,
/// WAL replay), then scraping; stop order reversed.
/// </summary>
public sealed class MetricsRole : IAsyncDisposable
{
    private readonly ILoggerFactory _loggerFactory;

    private readonly RemoteWriteHandler _remoteWrite;
    private readonly OtlpWriteHandler _otlpWrite;

    private MetricsRole(MetricsRoleOptions options, Db db, ILoggerFactory loggerFactory)
    {
        Options = options;
        Db = db;
        _loggerFactory = loggerFactory;
        _remoteWrite = new RemoteWriteHandler(db, new RemoteWriteOptions { MaxDecompressedBytes = (int)options.MaxRequestBodySize },
            loggerFactory.CreateLogger("Vigil.Metrics.RemoteWrite"));
        var translator = new OtlpTranslator(options.Otlp);
        LatestOtlpValues = new OtlpLatestValues();
        // One translator for both OTLP paths, so delta accumulation sees every point of a stream.
        OtlpWriter = new OtlpStoreWriter(translator, LatestOtlpValues, loggerFactory.CreateLogger("Vigil.Metrics.Otlp"));
        _otlpWrite = new OtlpWriteHandler(db, translator, options.MaxRequestBodySize, LatestOtlpValues,
            loggerFactory.CreateLogger("Vigil.Metrics.Otlp"));
        Scraper = new ScrapeManager(db, new ScrapeManagerOptions { ConfigFile = options.ConfigFile }, loggerFactory);
        Engine = new QueryEngine(options.Query);
        Flags = Api.PrometheusFlags.From(options);
        _logger = loggerFactory.CreateLogger("Vigil.Metrics");
    }

    /// <summary>Evaluates PromQL for the HTTP API (and later the rules); one per process, as upstream's engine.</summary>
    public QueryEngine Engine { get; }

    /// <summary>When the role opened (status/runtimeinfo's startTime).</summary>
    public DateTimeOffset StartTime { get; } = DateTimeOffset.UtcNow;

    /// <summary>The settings in force under Prometheus's flag names (status/flags).</summary>
    internal IReadOnlyDictionary<string, string> Flags { get; }

    private readonly ILogger _logger;

    /// <summary>Scrapes the jobs of prometheus.yml into the TSDB.</summary>
    public ScrapeManager Scraper { get; }

    public MetricsRoleOptions Options { get; }
    public Db Db { get; }

    internal RemoteWriteStats RemoteWriteStats => _remoteWrite.Stats;

    /// <summary>Writes OTLP batches from the collector pipeline into the TSDB (the host's exporter calls it).</summary>
    public OtlpStoreWriter OtlpWriter { get; }

    /// <summary>Latest values of metrics that arrived over OTLP, served on the collector metrics port (9464).</summary>
    public OtlpLatestValues LatestOtlpValues { get; }

    /// <summary>Opens the TSDB (replaying its WAL) and prepares the receivers; nothing listens yet.</summary>
    public static MetricsRole Open(MetricsRoleOptions options, ILoggerFactory loggerFactory)
    {
        var role = Create(options, loggerFactory);
        role.OpenStore();
        return role;
    }

    /// <summary>
    /// Prepares the receivers over a TSDB that is not loaded yet, so the door can be mapped and listen while
    /// <see cref="OpenStore"/> replays the WAL. Until then the door must answer 503 (the host keeps its
    /// <see cref="Readiness"/> at starting, which <see cref="Api.PrometheusApi"/> enforces).
    /// </summary>
    public static MetricsRole Create(MetricsRoleOptions options, ILoggerFactory loggerFactory) =>
        new(options, Db.Create(options.Storage, loggerFactory.CreateLogger("Vigil.Metrics.Tsdb")), loggerFactory);

    /// <summary>Loads the blocks and replays the WAL (blocking; run it off the start-up thread to overlap the port's opening).</summary>
    public void OpenStore()
    {
        try
        {
            Db.Load();
            _storeOpened.TrySetResult();
        }
        catch (Exception e)
        {
            _storeOpened.TrySetException(e);
            throw;
        }
    }

    /// <summary>Completes when <see cref="OpenStore"/> has finished (faults if it failed); writers from other doors await it.</summary>
    public Task StoreOpened => _storeOpened.Task;

    private readonly TaskCompletionSource _storeOpened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Starts background work: block cutting, compaction, retention, scraping. A prometheus.yml that does not
    /// load stops the start (as it stops Prometheus) with <see cref="InvalidDataException"/> carrying the reason.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Db.Start();
        var loaded = await Scraper.ReloadAsync(cancellationToken).ConfigureAwait(false);
        if (!loaded.Success) throw new InvalidDataException(loaded.Error);
    }

    /// <summary>Re-reads prometheus.yml (SIGHUP, POST /-/reload); a file that does not load leaves the running one in force.</summary>
    public Task<ReloadResult> ReloadAsync(CancellationToken cancellationToken = default) => Scraper.ReloadAsync(cancellationToken);

    /// <summary>Maps this role's endpoints on the Prometheus door (9090).</summary>
    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/metrics", ["GET", "HEAD"], context => Api.SelfMetrics.WriteAsync(context, this));
        Api.AdminApi.Map(endpoints, Db, Options.AdminApi);
        Api.TargetsApi.Map(endpoints, Scraper);
        Api.LifecycleApi.Map(endpoints, this, Options.Lifecycle);
        new Api.QueryApi(Engine, Db, TimeProvider.System).Map(endpoints);
        Api.QueryToolsApi.Map(endpoints);
        Api.SeriesApi.Map(endpoints, Db);
        Api.MetadataApi.Map(endpoints, Scraper, Db);
        Api.StatusApi.Map(endpoints, this);
        Api.RulesApi.Map(endpoints);
        Api.FederateApi.Map(endpoints, this, TimeProvider.System);
        Api.WebPages.Map(endpoints);
        if (Options.RemoteWriteReceiver) endpoints.MapMethods("/api/v1/write", ["GET", "POST", "PUT", "DELETE", "PATCH"], _remoteWrite.HandleAsync);
        else endpoints.MapMethods("/api/v1/write", ["GET", "POST"], context =>
            Disabled(context, "remote write receiver needs to be enabled with --web.enable-remote-write-receiver"));
        if (Options.OtlpReceiver) endpoints.MapMethods("/api/v1/otlp/v1/metrics", ["GET", "POST", "PUT", "DELETE", "PATCH"], _otlpWrite.HandleAsync);
        else endpoints.MapMethods("/api/v1/otlp/v1/metrics", ["GET", "POST"], context =>
            Disabled(context, "otlp write receiver needs to be enabled with --web.enable-otlp-receiver"));
    }

    /// <summary>Scrape counters for /metrics (none while scraping is off).</summary>
    internal void AppendScrapeMetrics(System.Text.StringBuilder sb)
    {
        int targets = 0, up = 0;
        foreach (var pool in Scraper.Pools)
            foreach (var loop in pool.Loops)
            {
                targets++;
                if (loop.Target.Health.Snapshot().Health == "up") up++;
            }
        Api.SelfMetrics.Gauge(sb, "prometheus_target_scrape_pools_total", "Scrape pools (jobs) in the configuration in force.", Scraper.Pools.Count);
        Api.SelfMetrics.Gauge(sb, "vigil_scrape_targets", "Active scrape targets.", targets);
        Api.SelfMetrics.Gauge(sb, "vigil_scrape_targets_up", "Active scrape targets whose last scrape succeeded.", up);
        Api.SelfMetrics.Gauge(sb, "prometheus_config_last_reload_successful", "Whether the last configuration reload attempt was successful.", Scraper.LastReloadSucceeded ? 1 : 0);
    }

    private static Task Disabled(HttpContext context, string message)
    {
        // Prometheus answers a disabled receiver with 404 and this text (api-compat 2.2, 2.4).
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = PlainText.TextContentType;
        return context.Response.WriteAsync(message + "\n");
    }

    /// <summary>Stops scraping (no staleness markers: the series resume after a restart) before the TSDB closes.</summary>
    public async ValueTask DisposeAsync()
    {
        await Scraper.DisposeAsync().ConfigureAwait(false);
        await Db.DisposeAsync().ConfigureAwait(false);
    }
}
