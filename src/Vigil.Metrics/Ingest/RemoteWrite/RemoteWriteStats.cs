namespace Vigil.Metrics.Ingest.RemoteWrite;

/// <summary>
/// Counters of one remote write receiver, for the self-metrics to export later (named after Prometheus'
/// <c>prometheus_api_remote_write_*</c> where one exists). Monotonic; safe to read from any thread.
/// </summary>
internal sealed class RemoteWriteStats
{
    /// <summary>Statuses the handler answers with; anything else lands in the last slot.</summary>
    public static readonly int[] Statuses = [204, 400, 405, 413, 415, 500];

    private readonly long[] _requests = new long[Statuses.Length + 1];
    private long _samplesReceived, _samplesWritten, _histogramsReceived, _exemplarsReceived;
    private long _invalidLabelSeries, _invalidLabelSamples, _metadataReceived;

    /// <summary>Float samples in decoded requests.</summary>
    public long SamplesReceived => Interlocked.Read(ref _samplesReceived);

    /// <summary>Float samples committed to storage.</summary>
    public long SamplesWritten => Interlocked.Read(ref _samplesWritten);

    /// <summary>Native histogram samples received; none is stored (no native histogram storage yet).</summary>
    public long HistogramsReceived => Interlocked.Read(ref _histogramsReceived);

    /// <summary>Exemplars received; none is stored (no exemplar storage yet).</summary>
    public long ExemplarsReceived => Interlocked.Read(ref _exemplarsReceived);

    /// <summary>
    /// Series skipped for a missing metric name, invalid names or values, duplicate label names, or
    /// (2.0) for carrying both samples and histograms.
    /// </summary>
    public long InvalidLabelSeries => Interlocked.Read(ref _invalidLabelSeries);

    /// <summary>
    /// Samples and histograms in those series (<c>prometheus_api_remote_write_invalid_labels_samples_total</c>;
    /// upstream's 1.0 path counts series there, its 2.0 path samples).
    /// </summary>
    public long InvalidLabelSamples => Interlocked.Read(ref _invalidLabelSamples);

    /// <summary>Metadata entries applied (1.0 request metadata, 2.0 per-series metadata).</summary>
    public long MetadataReceived => Interlocked.Read(ref _metadataReceived);

    /// <summary>Requests answered with <paramref name="status"/> (0 for the sum of unlisted statuses).</summary>
    public long Requests(int status)
    {
        int index = Array.IndexOf(Statuses, status);
        return Interlocked.Read(ref _requests[index < 0 ? Statuses.Length : index]);
    }

    internal void Request(int status)
    {
        int index = Array.IndexOf(Statuses, status);
        Interlocked.Increment(ref _requests[index < 0 ? Statuses.Length : index]);
    }

    internal void Received(long samples, long histograms, long exemplars)
    {
        Interlocked.Add(ref _samplesReceived, samples);
        Interlocked.Add(ref _histogramsReceived, histograms);
        Interlocked.Add(ref _exemplarsReceived, exemplars);
    }

    internal void Written(long samples) => Interlocked.Add(ref _samplesWritten, samples);

    internal void InvalidLabels(long series, long samples)
    {
        Interlocked.Add(ref _invalidLabelSeries, series);
        Interlocked.Add(ref _invalidLabelSamples, samples);
    }

    internal void Metadata(long entries) => Interlocked.Add(ref _metadataReceived, entries);
}
