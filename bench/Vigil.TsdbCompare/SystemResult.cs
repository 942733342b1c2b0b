namespace Vigil.TsdbCompare;

/// <summary>Everything measured for one server; null where a step did not happen (or failed: see Error).</summary>
internal sealed class SystemResult
{
    public required string System { get; init; }
    public int Run { get; init; } = 1;
    public string? Version { get; set; }
    public string? Error { get; set; }

    public double StartupSeconds { get; set; }
    public long IdleRssBytes { get; set; }

    public long SamplesSent { get; set; }
    public long SamplesRejected { get; set; }
    public long Retries { get; set; }
    public Dictionary<int, int> Statuses { get; set; } = [];
    public string? FirstError { get; set; }

    public long PhaseOneSamples { get; set; }
    public double PhaseOneCpuSeconds { get; set; }
    public double PhaseOneWallSeconds { get; set; }
    public long IngestSamples { get; set; }
    public double IngestCpuSeconds { get; set; }
    public double IngestWallSeconds { get; set; }

    public long RssAfterIngestBytes { get; set; }
    public long PeakRssAfterIngestBytes { get; set; }
    public long PeakRssBytes { get; set; }
    public long? HeadSeries { get; set; }

    public BlockInfo? Block { get; set; }
    public double? BlockWaitSeconds { get; set; }
    public double? BlockCpuSeconds { get; set; }

    public double SettleSeconds { get; set; }
    public long WalBytesAtStop { get; set; }
    public double StopSeconds { get; set; }
    public double? RestartReadySeconds { get; set; }
    public double? LoggedReplaySeconds { get; set; }
    public string? ReplayLogLine { get; set; }
    public long? HeadSeriesAfterRestart { get; set; }
    public long RssAfterRestartBytes { get; set; }

    /// <summary>Query benchmark results (--queries), in QuerySet order.</summary>
    public List<QueryTiming> Queries { get; set; } = [];

    /// <summary>Samples per server CPU-second while no block could be cut (phase one): the ingestion cost alone.</summary>
    public double? SamplesPerCpuSecond => PhaseOneCpuSeconds > 0 ? PhaseOneSamples / PhaseOneCpuSeconds : null;

    /// <summary>Samples per server CPU-second over the whole stream (phase two may include the block cut).</summary>
    public double? SamplesPerCpuSecondWhole => IngestCpuSeconds > 0 ? IngestSamples / IngestCpuSeconds : null;

    public double? PeakRssPerSeries(int series) => PeakRssBytes > 0 ? (double)PeakRssBytes / series : null;

    public double? BlockBytesPerSample => Block is { Samples: > 0 } b ? (double)b.TotalBytes / b.Samples : null;

    public double? ChunkBytesPerSample => Block is { Samples: > 0 } b ? (double)b.ChunkBytes / b.Samples : null;
}
