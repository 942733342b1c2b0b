using Vigil.Metrics.Tsdb.Wal;

namespace Vigil.Metrics.Tsdb;

/// <summary>Settings of one TSDB (from <c>metrics.storage.*</c>; defaults are Prometheus's).</summary>
public sealed class DbOptions
{
    /// <summary>The TSDB's directory (<c>&lt;data-dir&gt;/metrics</c>): <c>wal/</c>, block directories, <c>snapshots/</c>.</summary>
    public required string Directory { get; init; }

    /// <summary>Block range (Prometheus's min block duration, 2h).</summary>
    public TimeSpan BlockRange { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Keep blocks whose newest sample is younger than this, relative to the newest data; zero keeps them forever.</summary>
    public TimeSpan RetentionTime { get; init; } = TimeSpan.FromDays(15);

    /// <summary>Delete the oldest blocks while blocks plus WAL exceed this many bytes; 0 disables.</summary>
    public long RetentionSize { get; init; }

    /// <summary>Accept samples this far behind a series' newest one; zero rejects them as out of order (Prometheus's default).</summary>
    public TimeSpan OutOfOrderWindow { get; init; }

    internal WalSyncPolicy WalSync { get; init; } = WalSyncPolicy.Flush;

    public TimeSpan WalSyncInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>WAL segment size (Prometheus uses 128 MiB; smaller segments make checkpoints drop space sooner).</summary>
    public long WalSegmentSize { get; init; } = 64L << 20;

    /// <summary>How often the background loop checks whether a block can be cut, compacted or deleted.</summary>
    public TimeSpan MaintenanceInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Write a WAL checkpoint at a clean stop, so the next start loads chunk bytes instead of replaying samples.</summary>
    public bool CheckpointOnShutdown { get; init; } = true;

    /// <summary>
    /// Run a full compacting, decommitting GC right before a block cut and after its head truncation
    /// (Db.HeapCompaction.cs says why). Once per block range, so its cost (tens of milliseconds) is negligible.
    /// </summary>
    internal bool CompactHeapAtBlockCut { get; init; } = true;

    /// <summary>
    /// Size of each file of the head's closed chunks (<c>head_chunks/</c>, Head/HeadChunkFiles.cs); 0 keeps closed
    /// chunks on the managed heap instead.
    /// </summary>
    internal int HeadChunkFileSize { get; init; } = Head.HeadChunkFiles.DefaultSegmentSize;

    /// <summary>Fault injection for the WAL (tests).</summary>
    internal IWalFileSystem? WalFileSystem { get; init; }

    /// <summary>Sets the sync policy from its configuration name (flush, always, interval).</summary>
    public DbOptions WithWalSync(string name)
    {
        var policy = name.ToLowerInvariant() switch
        {
            "always" => WalSyncPolicy.Always,
            "interval" => WalSyncPolicy.Interval,
            _ => WalSyncPolicy.Flush,
        };
        return new DbOptions
        {
            Directory = Directory, BlockRange = BlockRange, RetentionTime = RetentionTime, RetentionSize = RetentionSize,
            OutOfOrderWindow = OutOfOrderWindow, WalSync = policy, WalSyncInterval = WalSyncInterval,
            WalSegmentSize = WalSegmentSize, MaintenanceInterval = MaintenanceInterval, WalFileSystem = WalFileSystem,
            CheckpointOnShutdown = CheckpointOnShutdown, CompactHeapAtBlockCut = CompactHeapAtBlockCut,
            HeadChunkFileSize = HeadChunkFileSize,
        };
    }
}
