namespace Vigil.Metrics.Tsdb.Wal;

/// <summary>The first byte of every WAL record body (layout of each in docs/formats/metrics-wal.md).</summary>
internal enum WalRecordType : byte
{
    /// <summary>New series: ref and label set. Written before the first samples of the series.</summary>
    Series = 1,
    /// <summary>Float samples: (ref, timestamp, value) triples, delta-encoded against the first.</summary>
    Samples = 2,
    /// <summary>Metric family metadata (type, unit, help) keyed by a series ref of that family.</summary>
    Metadata = 3,
    /// <summary>Deleted intervals per series (the admin API's delete_series).</summary>
    Tombstones = 4,
    /// <summary>Checkpoints only: a series' head chunks as encoded bytes, so replay skips re-encoding.</summary>
    Chunks = 5,
}
