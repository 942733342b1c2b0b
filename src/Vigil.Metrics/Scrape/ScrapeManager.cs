using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Metrics.GoText;
using Vigil.Metrics.Scrape.Config;
using Vigil.Metrics.Tsdb;

namespace Vigil.Metrics.Scrape;

/// <summary>Settings of the <see cref="ScrapeManager"/>.</summary>
public sealed record ScrapeManagerOptions
{
    /// <summary>prometheus.yml path (metrics.config_file / --config.file). Empty: nothing is scraped.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>Sent on every scrape; Prometheus sends <c>Prometheus/&lt;version&gt;</c>.</summary>
    public string UserAgent { get; init; } = DefaultUserAgent;

    public static string DefaultUserAgent { get; } =
        "Vigil/" + (typeof(ScrapeManager).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            .Split('+')[0] ?? "0.0.0");
}

/// <summary>The outcome of a reload: on failure the running configuration is untouched and <see cref="Error"/> says why.</summary>
public sealed record ReloadResult(bool Success, string? Error, IReadOnlyList<string> Warnings)
{
    public static ReloadResult Ok(IReadOnlyList<string> warnings) => new(true, null, warnings);
}

/// <summary>
/// Runs Prometheus-style scraping from a prometheus.yml (Prometheus <c>scrape.Manager</c>): one pool per
/// job, one loop per target, samples appended to the TSDB. <see cref="ReloadAsync"/> re-reads the file
/// (SIGHUP and <c>POST /-/reload</c> call it); a file that does not load is rejected and the running
/// jobs go on. A loaded config is applied as a diff: unchanged jobs and targets keep running with
/// their staleness state, removed jobs and targets get staleness markers, changed settings restart
/// only the loops they affect. Thread-safe; reloads are serialized.
/// </summary>
public sealed partial class ScrapeManager : IAsyncDisposable
{
    private readonly IAppendable _appendable;
    private readonly ScrapeManagerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _reload = new(1, 1);
    private Dictionary<string, ScrapePool> _pools = new(StringComparer.Ordinal);
    private PrometheusConfig? _config;

    public ScrapeManager(IAppendable appendable, ScrapeManagerOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
    {
        _appendable = appendable;
        _options = options;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Vigil.Metrics.Scrape");
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Test hook: builds the HTTP client of a pool (the default is a SocketsHttpHandler per pool).</summary>
    internal Func<HttpClientSettings, bool, HttpClient>? ClientFactory { get; init; }

    /// <summary>The configuration in force (null before the first successful load).</summary>
    internal PrometheusConfig? Config => Volatile.Read(ref _config);

    /// <summary>When the configuration in force was loaded, and whether the last reload attempt succeeded (status/runtimeinfo).</summary>
    public DateTimeOffset? LastConfigTime { get; private set; }
    public bool LastReloadSucceeded { get; private set; } = true;

    internal IReadOnlyCollection<ScrapePool> Pools => Volatile.Read(ref _pools).Values;

    /// <summary>Re-reads <see cref="ScrapeManagerOptions.ConfigFile"/> and applies it when it loads.</summary>
    public async Task<ReloadResult> ReloadAsync(CancellationToken cancellationToken = default)
    {
        string? path = _options.ConfigFile;
        ConfigLoadResult loaded;
        if (string.IsNullOrEmpty(path))
        {
            loaded = new ConfigLoadResult(new PrometheusConfig(), [], []);
        }
        else if (!File.Exists(path))
        {
            // The documented default: a missing prometheus.yml means no scraping (a warning says so).
            loaded = new ConfigLoadResult(new PrometheusConfig(), [], [$"config file {path} not found: nothing is scraped"]);
        }
        else
        {
            loaded = PrometheusConfigLoader.LoadFile(path);
        }
        foreach (string warning in loaded.Warnings) Log.ConfigWarning(_logger, warning);
        if (!loaded.Success)
        {
            LastReloadSucceeded = false;
            string error = $"couldn't load configuration (--config.file={GoQuote.Quote(path ?? "")}): parsing YAML file {path}: {loaded.ErrorText}";
            Log.ReloadFailed(_logger, error);
            return new ReloadResult(false, error, loaded.Warnings);
        }
        await ApplyConfigAsync(loaded.Config!, cancellationToken).ConfigureAwait(false);
        return ReloadResult.Ok(loaded.Warnings);
    }

    /// <summary>Applies a loaded configuration as a diff against the running one.</summary>
    internal async Task ApplyConfigAsync(PrometheusConfig config, CancellationToken cancellationToken = default)
    {
        await _reload.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _pools;
            var next = new Dictionary<string, ScrapePool>(StringComparer.Ordinal);
            var work = new List<Task>();
            foreach (var job in config.ScrapeConfigs)
            {
                if (current.TryGetValue(job.JobName, out var pool))
                {
                    next[job.JobName] = pool;
                    if (!ReferenceEquals(pool.Config, job)) work.Add(pool.ApplyConfigAsync(job));
                    continue;
                }
                pool = new ScrapePool(job, _appendable, _logger, _time, _options.UserAgent, ClientFactory);
                next[job.JobName] = pool;
                work.Add(pool.StartAsync());
            }
            foreach (var (name, pool) in current)
            {
                if (next.ContainsKey(name)) continue;
                work.Add(StopRemovedAsync(pool));
            }
            await Task.WhenAll(work).ConfigureAwait(false);
            Volatile.Write(ref _pools, next);
            Volatile.Write(ref _config, config);
            LastConfigTime = _time.GetUtcNow();
            LastReloadSucceeded = true;
        }
        finally
        {
            _reload.Release();
        }
    }

    private static async Task StopRemovedAsync(ScrapePool pool)
    {
        await pool.StopAsync(markStale: true).ConfigureAwait(false);
        await pool.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Shutdown: loops stop without staleness markers (the data resumes after a restart, as in Prometheus).</summary>
    public async Task StopAsync()
    {
        await _reload.WaitAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_pools.Values.Select(p => p.DisposeAsync().AsTask())).ConfigureAwait(false);
            _pools = new Dictionary<string, ScrapePool>(StringComparer.Ordinal);
        }
        finally
        {
            _reload.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _reload.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 330, Level = LogLevel.Error, Message = "Error reloading config: {Error}")]
        public static partial void ReloadFailed(ILogger logger, string error);

        [LoggerMessage(EventId = 331, Level = LogLevel.Warning, Message = "Config: {Warning}")]
        public static partial void ConfigWarning(ILogger logger, string warning);
    }
}
