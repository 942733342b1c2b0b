using Microsoft.Extensions.Logging;
using Vigil.Metrics.Scrape.Config;

namespace Vigil.Metrics.Scrape.Discovery;

/// <summary>
/// file_sd_configs (Prometheus discovery/file): reads every file matching the patterns, then re-reads on
/// any change the file system reports (a <see cref="FileSystemWatcher"/> per directory) and every
/// refresh_interval (in case a watch missed something). A file that fails to read or parse keeps its
/// last good groups and the error is logged; a file that is gone loses its groups. Each refresh hands
/// the complete current list to the callback, only when it changed.
/// </summary>
internal sealed partial class FileDiscovery : IAsyncDisposable
{
    private readonly FileSdConfig _config;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Action<IReadOnlyList<TargetGroup>> _onChange;
    private readonly Dictionary<string, List<TargetGroup>> _lastGood = new(StringComparer.Ordinal);
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Lock _refreshLock = new();
    private readonly CancellationTokenSource _stop = new();
    private IReadOnlyList<TargetGroup> _current = [];
    private Task? _poll;

    public FileDiscovery(FileSdConfig config, ILogger logger, TimeProvider time, Action<IReadOnlyList<TargetGroup>> onChange)
    {
        _config = config;
        _logger = logger;
        _time = time;
        _onChange = onChange;
    }

    /// <summary>The last read error per file (tests and diagnostics).</summary>
    public IReadOnlyDictionary<string, string> Errors => _errors;
    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);

    /// <summary>Reads the files once (synchronously, so the first sync has targets), then starts watching and polling.</summary>
    public void Start()
    {
        Refresh();
        foreach (string dir in _config.Files.Select(f => Path.GetDirectoryName(Path.GetFullPath(f)) ?? ".").Distinct(StringComparer.Ordinal))
        {
            try
            {
                var watcher = new FileSystemWatcher(dir)
                {
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                    IncludeSubdirectories = false,
                };
                watcher.Changed += OnFileEvent;
                watcher.Created += OnFileEvent;
                watcher.Deleted += OnFileEvent;
                watcher.Renamed += OnFileEvent;
                watcher.EnableRaisingEvents = true;
                _watchers.Add(watcher);
            }
            catch (Exception e) when (e is ArgumentException or IOException or PlatformNotSupportedException)
            {
                Log.WatchFailed(_logger, dir, e.Message);
            }
        }
        _poll = PollAsync(_stop.Token);
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e)
    {
        if (_stop.IsCancellationRequested) return;
        try { Refresh(); }
        catch (Exception ex) { Log.RefreshFailed(_logger, ex.Message); }
    }

    private async Task PollAsync(CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_config.RefreshInterval, _time, stop).ConfigureAwait(false);
                Refresh();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Re-reads every matching file now (the watcher and the poller call this; so may tests).</summary>
    public void Refresh()
    {
        lock (_refreshLock)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var groups = new List<TargetGroup>();
            foreach (string pattern in _config.Files)
            {
                foreach (string file in FileGlob.Expand(pattern))
                {
                    if (!seen.Add(file)) continue;
                    try
                    {
                        var parsed = TargetGroupFile.Parse(file, File.ReadAllText(file));
                        _lastGood[file] = parsed;
                        _errors.Remove(file);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
                    {
                        // Keep the last good groups of a file that is being rewritten or broken.
                        if (!_errors.TryGetValue(file, out var previous) || previous != e.Message) Log.ReadFailed(_logger, file, e.Message);
                        _errors[file] = e.Message;
                    }
                    if (_lastGood.TryGetValue(file, out var good)) groups.AddRange(good);
                }
            }
            foreach (string gone in _lastGood.Keys.Where(k => !seen.Contains(k)).ToList())
            {
                _lastGood.Remove(gone);
                _errors.Remove(gone);
            }
            if (SameGroups(_current, groups)) return;
            _current = groups;
            _onChange(groups);
        }
    }

    private static bool SameGroups(IReadOnlyList<TargetGroup> a, IReadOnlyList<TargetGroup> b)
    {
        if (a.Count != b.Count) return false;
        for (int i = 0; i < a.Count; i++)
        {
            if (a[i].Source != b[i].Source || !a[i].Labels.Equals(b[i].Labels) || !a[i].Targets.SequenceEqual(b[i].Targets)) return false;
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var watcher in _watchers) watcher.Dispose();
        if (_poll is not null) await _poll.ConfigureAwait(false);
        _stop.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 320, Level = LogLevel.Error, Message = "Error reading file {Path}: {Error}")]
        public static partial void ReadFailed(ILogger logger, string path, string error);

        [LoggerMessage(EventId = 321, Level = LogLevel.Error, Message = "Error adding file watch for {Path}: {Error}")]
        public static partial void WatchFailed(ILogger logger, string path, string error);

        [LoggerMessage(EventId = 322, Level = LogLevel.Error, Message = "file_sd refresh failed: {Error}")]
        public static partial void RefreshFailed(ILogger logger, string error);
    }
}
