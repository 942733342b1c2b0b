namespace Vigil.Metrics.Tsdb.Wal;

/// <summary>When WAL writes reach the disk (config <c>metrics.storage.wal_sync</c>; docs/operations.md).</summary>
internal enum WalSyncPolicy : byte
{
    /// <summary>Each commit is handed to the OS before it is acknowledged: survives a killed process, not a power cut.</summary>
    Flush,
    /// <summary>Each commit is fsynced before it is acknowledged: survives power loss; slower.</summary>
    Always,
    /// <summary>Handed to the OS per commit and fsynced on a timer: a power cut loses at most one interval.</summary>
    Interval,
}
