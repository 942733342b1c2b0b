using Microsoft.Extensions.Logging;
using Vigil.Metrics.Model;
using Vigil.Metrics.Scrape.Config;
using Vigil.Metrics.Scrape.Discovery;
using Vigil.Metrics.Scrape.Parsing;
using Vigil.Metrics.Scrape.Relabel;
using Vigil.Metrics.Tsdb;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// The targets of one job and their loops (Prometheus <c>scrapePool</c>). Discovery providers (the
/// static configs, each file_sd config) report target groups; every change re-syncs: targets are built
/// (<see cref="TargetBuilder"/>), a target that is still there keeps its loop, a new one gets a loop, a
/// vanished one is stopped with staleness markers. A config change keeps loops whose settings, client
/// and timing are unchanged and replaces the others, handing over the cache so staleness carries on.
/// Syncs are serialized; snapshots for the API may be taken at any time.
/// </summary>
internal sealed partial class ScrapePool : IAsyncDisposable
{
    private readonly IAppendable _appendable;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _userAgent;
    private readonly Func<HttpClientSettings, bool, HttpClient>? _clientFactory;
    private readonly SemaphoreSlim _sync = new(1, 1);
    private readonly Lock _groupsLock = new();
    private readonly Dictionary<int, IReadOnlyList<TargetGroup>> _groups = [];
    private readonly List<FileDiscovery> _fileDiscoveries = [];
    private Dictionary<string, ScrapeLoop> _loops = new(StringComparer.Ordinal);
    private ScrapeConfig _config;
    private ScrapeSettings _settings;
    private Relabeler _targetRelabel;
    private HttpClient? _client;
    private string _clientKey = "";
    private string? _clientError;
    private (Labels Labels, string Pool)[] _dropped = [];
    private int _droppedCount;
    private string _discoveryKey = "";
    private int _syncs;

    public ScrapePool(ScrapeConfig config, IAppendable appendable, ILogger logger, TimeProvider time, string userAgent,
        Func<HttpClientSettings, bool, HttpClient>? clientFactory = null)
    {
        _appendable = appendable;
        _logger = logger;
        _time = time;
        _userAgent = userAgent;
        _clientFactory = clientFactory;
        _config = config;
        _settings = SettingsFor(config);
        _targetRelabel = Relabeler.Compile(config.RelabelConfigs, config.MetricNameValidationScheme);
    }

    public string Job => _config.JobName;
    public ScrapeConfig Config => _config;

    /// <summary>Raised after every sync (tests wait on it instead of sleeping).</summary>
    public event Action<ScrapePool>? Synced;

    /// <summary>Number of syncs so far.</summary>
    public int SyncCount => Volatile.Read(ref _syncs);

    internal static ScrapeSettings SettingsFor(ScrapeConfig c) => new()
    {
        Job = c.JobName,
        HonorLabels = c.HonorLabels,
        HonorTimestamps = c.HonorTimestamps,
        TrackTimestampsStaleness = c.TrackTimestampsStaleness,
        SampleLimit = ClampInt(c.SampleLimit),
        LabelLimit = ClampInt(c.LabelLimit),
        LabelNameLengthLimit = ClampInt(c.LabelNameLengthLimit),
        LabelValueLengthLimit = ClampInt(c.LabelValueLengthLimit),
        BodySizeLimit = c.BodySizeLimit,
        AcceptHeader = ExpositionFormats.AcceptHeader(c.ScrapeProtocols),
        FallbackProtocol = c.FallbackScrapeProtocol,
        EnableCompression = c.EnableCompression,
        ExtraScrapeMetrics = c.ExtraScrapeMetrics,
        MetricRelabel = Relabeler.Compile(c.MetricRelabelConfigs, c.MetricNameValidationScheme),
        NameValidation = c.MetricNameValidationScheme,
    };

    private static int ClampInt(ulong v) => v > int.MaxValue ? int.MaxValue : (int)v;

    /// <summary>Starts discovery and the first sync.</summary>
    public Task StartAsync() => ApplyConfigAsync(_config, initial: true);

    /// <summary>Applies a changed scrape config of this job (same job name).</summary>
    public Task ApplyConfigAsync(ScrapeConfig config) => ApplyConfigAsync(config, initial: false);

    private async Task ApplyConfigAsync(ScrapeConfig config, bool initial)
    {
        await _sync.WaitAsync().ConfigureAwait(false);
        try
        {
            HttpClient? retired = null;
            string clientKey = config.Http.Key + "|" + config.EnableCompression;
            if (_client is null || clientKey != _clientKey)
            {
                HttpClient client;
                try
                {
                    client = _clientFactory is not null
                        ? _clientFactory(config.Http, config.EnableCompression)
                        : ScrapeHttpClientFactory.Create(config.Http, config.EnableCompression, _userAgent);
                }
                catch (InvalidOperationException e)
                {
                    // Prometheus: "error creating HTTP client". On a reload the pool keeps running as it was.
                    _clientError = "error creating HTTP client: " + e.Message;
                    Log.ClientFailed(_logger, config.JobName, _clientError);
                    if (!initial) return;
                    _config = config;
                    return;
                }
                retired = _client;
                _client = client;
                _clientKey = clientKey;
                _clientError = null;
            }
            _config = config;
            _settings = SettingsFor(config);
            _targetRelabel = Relabeler.Compile(config.RelabelConfigs, config.MetricNameValidationScheme);
            string discoveryKey = DiscoveryKey(config);
            if (initial || discoveryKey != _discoveryKey)
            {
                await RestartDiscoveryAsync(config).ConfigureAwait(false);
                _discoveryKey = discoveryKey;
            }
            await SyncLockedAsync().ConfigureAwait(false);
            // Every loop on the old client was replaced by the sync above.
            retired?.Dispose();
        }
        finally
        {
            _sync.Release();
        }
    }

    private static string DiscoveryKey(ScrapeConfig c) =>
        string.Join('\u001d', c.StaticConfigs.Select(g => g.Source + "=" + g.Labels + string.Join(',', g.Targets.Select(t => t.ToString()))))
        + "\u001e" + string.Join('\u001d', c.FileSdConfigs.Select(f => string.Join(',', f.Files) + "@" + f.RefreshInterval));

    private async Task RestartDiscoveryAsync(ScrapeConfig config)
    {
        foreach (var d in _fileDiscoveries) await d.DisposeAsync().ConfigureAwait(false);
        _fileDiscoveries.Clear();
        lock (_groupsLock)
        {
            _groups.Clear();
            _groups[0] = config.StaticConfigs;
        }
        for (int i = 0; i < config.FileSdConfigs.Count; i++)
        {
            int provider = i + 1;
            var discovery = new FileDiscovery(config.FileSdConfigs[i], _logger, _time, groups => OnGroups(provider, groups));
            _fileDiscoveries.Add(discovery);
            lock (_groupsLock) _groups[provider] = [];
            discovery.Start();
        }
    }

    /// <summary>A provider's complete current list; the sync runs in the background (serialized).</summary>
    private void OnGroups(int provider, IReadOnlyList<TargetGroup> groups)
    {
        lock (_groupsLock) _groups[provider] = groups;
        _ = Task.Run(SyncAsync);
    }

    private async Task SyncAsync()
    {
        try
        {
            await _sync.WaitAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return; // the pool was disposed while a file event was on its way
        }
        try
        {
            await SyncLockedAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Log.SyncFailed(_logger, Job, e.Message);
        }
        finally
        {
            _sync.Release();
        }
    }

    /// <summary>Builds targets from all groups and reconciles the loops (Prometheus <c>scrapePool.Sync</c> + <c>sync</c>).</summary>
    private async Task SyncLockedAsync()
    {
        List<TargetGroup> groups;
        lock (_groupsLock) groups = _groups.OrderBy(g => g.Key).SelectMany(g => g.Value).ToList();
        var targets = new Dictionary<string, ScrapeTarget>(StringComparer.Ordinal);
        var dropped = new List<(Labels, string)>();
        int droppedCount = 0;
        foreach (var group in groups)
        {
            for (int i = 0; i < group.Targets.Count; i++)
            {
                var result = TargetBuilder.Build(group.Targets[i], group.Labels, _config, _targetRelabel);
                if (result.Error is { } error)
                {
                    Log.TargetFailed(_logger, Job, $"instance {i} in group {group.Source}: {error}");
                    continue;
                }
                if (result.Dropped is { } discovered)
                {
                    droppedCount++;
                    if (_config.KeepDroppedTargets == 0 || (ulong)dropped.Count < _config.KeepDroppedTargets) dropped.Add((discovered, Job));
                    continue;
                }
                targets.TryAdd(result.Target!.Key, result.Target);
            }
        }

        var next = new Dictionary<string, ScrapeLoop>(StringComparer.Ordinal);
        var stopping = new List<Task>();
        foreach (var (key, target) in targets)
        {
            if (_client is null) break; // no usable HTTP client: no loops (see ClientError)
            if (_loops.TryGetValue(key, out var old))
            {
                if (old.Settings == _settings && ReferenceEquals(old.Client, _client)
                    && old.Target.Interval == target.Interval && old.Target.Timeout == target.Timeout)
                {
                    old.Target.DiscoveredLabels = target.DiscoveredLabels;
                    next[key] = old;
                    continue;
                }
                // Replace: stop the old loop without markers, hand its state to the new one.
                await old.StopAsync(markStale: false).ConfigureAwait(false);
                bool reuse = old.Settings.CacheReusableWith(_settings);
                var cache = reuse ? old.Cache : new ScrapeCache();
                if (!reuse) cache.InheritStaleness(old.Cache);
                var replacement = new ScrapeTarget(target.Labels, target.DiscoveredLabels, target.Url, target.Interval, target.Timeout, old.Target.Health);
                next[key] = StartLoop(replacement, cache, reuse ? old.Metadata : null);
                continue;
            }
            next[key] = StartLoop(target, null, null);
        }
        foreach (var (key, loop) in _loops)
            if (!next.ContainsKey(key)) stopping.Add(loop.StopAsync(markStale: true));
        await Task.WhenAll(stopping).ConfigureAwait(false);

        // target_limit: more targets than allowed fails every scrape of the job (Prometheus refreshTargetLimitErr).
        string? forced = _config.TargetLimit > 0 && (ulong)next.Count > _config.TargetLimit
            ? $"target_limit exceeded (number of targets: {next.Count}, limit: {_config.TargetLimit})"
            : null;
        foreach (var loop in next.Values) loop.ForcedError = forced;

        Volatile.Write(ref _loops, next);
        Volatile.Write(ref _dropped, dropped.ToArray());
        Volatile.Write(ref _droppedCount, droppedCount);
        Interlocked.Increment(ref _syncs);
        Synced?.Invoke(this);
    }

    private ScrapeLoop StartLoop(ScrapeTarget target, ScrapeCache? cache, ScrapeMetadata? metadata)
    {
        var loop = new ScrapeLoop(target, _settings, _client!, _appendable, _logger, _time, cache, metadata);
        loop.Start();
        return loop;
    }

    /// <summary>The running loops (their targets) for the targets API.</summary>
    public IReadOnlyCollection<ScrapeLoop> Loops => Volatile.Read(ref _loops).Values;

    public IReadOnlyList<(Labels Labels, string Pool)> DroppedTargets => Volatile.Read(ref _dropped);

    public int DroppedTargetCount => Volatile.Read(ref _droppedCount);

    /// <summary>Why the job has no loops, when its HTTP client could not be built.</summary>
    public string? ClientError => _clientError;

    /// <summary>Stops discovery and every loop; with <paramref name="markStale"/> (job removed) their series get staleness markers.</summary>
    public async Task StopAsync(bool markStale)
    {
        await _sync.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var d in _fileDiscoveries) await d.DisposeAsync().ConfigureAwait(false);
            _fileDiscoveries.Clear();
            await Task.WhenAll(_loops.Values.Select(l => l.StopAsync(markStale))).ConfigureAwait(false);
            _loops = new Dictionary<string, ScrapeLoop>(StringComparer.Ordinal);
            _client?.Dispose();
            _client = null;
        }
        finally
        {
            _sync.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(markStale: false).ConfigureAwait(false);
        _sync.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 310, Level = LogLevel.Error, Message = "Creating target failed")]
        public static partial void TargetFailed(ILogger logger, string job, string err);

        [LoggerMessage(EventId = 311, Level = LogLevel.Error, Message = "Error creating HTTP client")]
        public static partial void ClientFailed(ILogger logger, string job, string err);

        [LoggerMessage(EventId = 312, Level = LogLevel.Error, Message = "Target sync failed")]
        public static partial void SyncFailed(ILogger logger, string job, string err);
    }
}
