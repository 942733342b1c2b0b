using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
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

    private MetricsRole(MetricsRoleOptions options, Db db, ILoggerFactory loggerFactory)
    {
        Options = options;
        Db = db;
        _loggerFactory = loggerFactory;
    }

    public MetricsRoleOptions Options { get; }
    public Db Db { get; }

    /// <summary>Opens the TSDB (replaying its WAL) and prepares the receivers; nothing listens yet.</summary>
    public static MetricsRole Open(MetricsRoleOptions options, ILoggerFactory loggerFactory)
    {
        var db = Db.Open(options.Storage, loggerFactory.CreateLogger("Vigil.Metrics.Tsdb"));
        return new MetricsRole(options, db, loggerFactory);
    }

    /// <summary>Starts background work: block cutting, compaction, retention, scraping.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Db.Start();
        return Task.CompletedTask;
    }

    /// <summary>Maps this role's endpoints on the Prometheus door (9090).</summary>
    public void Map(IEndpointRouteBuilder endpoints)
    {
    }

    public async ValueTask DisposeAsync()
    {
        await Db.DisposeAsync().ConfigureAwait(false);
    }
}
