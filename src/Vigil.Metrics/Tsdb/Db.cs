using Microsoft.Extensions.Logging;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Head;
using Vigil.Metrics.Tsdb.Querying;
using Vigil.Metrics.Tsdb.Wal;

namespace Vigil.Metrics.Tsdb;

/// <summary>
/// The metrics TSDB (Prometheus <c>tsdb.DB</c>): an in-memory head made durable by a write-ahead log,
/// immutable blocks cut from the head every block range, compaction and retention in the background.
/// Open it once per data directory (the host holds the directory lock). Appenders and queriers may be
/// used from any number of threads, one per thread.
/// </summary>
/// <remarks>
/// Durability: <see cref="IAppender.CommitAsync"/> returns after the commit's records were handed to the
/// OS (or fsynced, per <see cref="DbOptions"/>), so an acknowledged write survives <c>kill -9</c>.
/// Disk full: the commit throws <see cref="IOException"/>, nothing of it is visible, and later commits
/// succeed again once space returns.
/// </remarks>
public sealed partial class Db : IAppendable, Querying.IQueryable, IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task? _maintenance;

    private Db(DbOptions options, ILogger logger)
    {
        Options = options;
        _logger = logger;
        var chunkFiles = options.HeadChunkFileSize > 0
            ? new HeadChunkFiles(Path.Combine(options.Directory, HeadChunkFiles.DirectoryName), options.HeadChunkFileSize)
            : null;
        Head = new Head.Head(new HeadOptions
        {
            ChunkRangeMs = (long)options.BlockRange.TotalMilliseconds,
            OutOfOrderWindowMs = (long)options.OutOfOrderWindow.TotalMilliseconds,
        }, chunkFiles: chunkFiles);
        WalDir = Path.Combine(options.Directory, "wal");
    }

    public DbOptions Options { get; }
    internal Head.Head Head { get; }
    internal Wal.Wal Wal { get; private set; } = null!;
    internal string WalDir { get; }
    internal WalReplayProgress ReplayProgress { get; private set; } = new();

    /// <summary>Opens (or creates) the TSDB: loads blocks, skipping corrupt ones with an error, then replays the WAL.</summary>
    public static Db Open(DbOptions options, ILogger logger)
    {
        var db = Create(options, logger);
        db.Load();
        return db;
    }

    /// <summary>
    /// Creates the TSDB's directory and an empty, unloaded head; nothing is read yet. Call <see cref="Load"/>
    /// before the first append or query. The split lets the host open its port while the WAL replays, as
    /// Prometheus does (its web handler answers 503 until the TSDB is open).
    /// </summary>
    public static Db Create(DbOptions options, ILogger logger)
    {
        Directory.CreateDirectory(options.Directory);
        return new Db(options, logger);
    }

    /// <summary>Loads blocks (skipping corrupt ones with an error), replays the WAL and opens it for writing. Once, before any append.</summary>
    public void Load()
    {
        LoadBlocks();
        var replay = new WalReplay(Head, _logger);
        ReplayProgress = replay.Progress;
        replay.Run(WalDir);
        Wal = new Wal.Wal(WalDir, Options.WalSync, Options.WalSyncInterval, _logger, Options.WalFileSystem, Options.WalSegmentSize);
        Head.Log = Wal;
    }

    /// <summary>Starts the background loop that cuts blocks, compacts and applies retention.</summary>
    public void Start() => _maintenance = Task.Run(() => MaintenanceLoopAsync(_stop.Token));

    public IAppender Appender() => Head.Appender();

    /// <summary>Type, help and unit per metric family, as last reported by any source.</summary>
    public IReadOnlyDictionary<string, MetricMetadata> Metadata => Head.Metadata;

    public long HeadSeriesCount => Head.SeriesCount;
    public long HeadMinTime => Head.MinTime;
    public long HeadMaxTime => Head.MaxTime;

    /// <summary>Bytes of closed head chunks in <c>head_chunks/</c> (written or waiting in its buffer); 0 without the files.</summary>
    public long HeadChunkBytes => Head.ChunkFiles is { } files ? files.Bytes.Written + files.Bytes.Buffered : 0;
    internal HeadStats HeadStats => Head.Stats;

    private async Task MaintenanceLoopAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Options.MaintenanceInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    await MaintainAsync(stop).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    DbLog.MaintenanceFailed(_logger, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_maintenance is not null)
        {
            try { await _maintenance.ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
        if (Wal is not null && Options.CheckpointOnShutdown)
        {
            // A checkpoint at a clean stop turns the next start's replay into loading chunk bytes.
            try
            {
                await CheckpointIfWalGrewAsync(minSegments: 1, CancellationToken.None).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                DbLog.MaintenanceFailed(_logger, e.Message);
            }
        }
        Wal?.Dispose();
        DisposeBlocks();
        Head.ChunkFiles?.Dispose();
        _stop.Dispose();
    }
}

internal static partial class DbLog
{
    [LoggerMessage(EventId = 410, Level = LogLevel.Error, Message = "TSDB maintenance failed; will retry")]
    public static partial void MaintenanceFailed(ILogger logger, string err);

    [LoggerMessage(EventId = 411, Level = LogLevel.Error, Message = "Skipping corrupt block")]
    public static partial void CorruptBlock(ILogger logger, string block, string err);

    [LoggerMessage(EventId = 412, Level = LogLevel.Information, Message = "Block written")]
    public static partial void BlockCut(ILogger logger, string block, long mint, long maxt, long series, double durationSeconds);

    [LoggerMessage(EventId = 413, Level = LogLevel.Information, Message = "Blocks compacted")]
    public static partial void Compacted(ILogger logger, string block, int sources, double durationSeconds);

    [LoggerMessage(EventId = 414, Level = LogLevel.Information, Message = "Block deleted by retention")]
    public static partial void RetentionDeleted(ILogger logger, string block, string reason);

    [LoggerMessage(EventId = 415, Level = LogLevel.Information, Message = "Snapshot written")]
    public static partial void Snapshot(ILogger logger, string dir);
}
