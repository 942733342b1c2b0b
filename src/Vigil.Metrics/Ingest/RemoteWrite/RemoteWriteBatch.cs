using Vigil.Metrics.Model;

namespace Vigil.Metrics.Ingest.RemoteWrite;

/// <summary>
/// One decoded remote write request (1.0 <c>prometheus.WriteRequest</c> or 2.0
/// <c>io.prometheus.write.v2.Request</c>) in flat arrays: each series points at its ranges of labels,
/// samples, exemplars and histograms. The arrays grow to the largest request seen and are reused by the
/// next one (VM's <c>Rows.Reset</c> habit), so a steady stream of requests allocates no per-series
/// objects here. One owner at a time; <see cref="RemoteWriteBatchPool"/> hands them out.
/// </summary>
internal sealed class RemoteWriteBatch
{
    private Label[] _labels = new Label[256];
    private Label[] _exemplarLabels = new Label[16];
    private WriteSeries[] _series = new WriteSeries[32];
    private WriteSample[] _samples = new WriteSample[64];
    private WriteExemplar[] _exemplars = new WriteExemplar[8];
    private WriteHistogram[] _histograms = new WriteHistogram[8];
    private WriteMetadata[] _metadata = new WriteMetadata[8];
    private int _labelCount, _exemplarLabelCount, _seriesCount, _sampleCount, _exemplarCount, _histogramCount, _metadataCount;

    /// <summary>The 2.0 symbols table of the request being decoded (empty for 1.0).</summary>
    internal SymbolTable Symbols { get; } = new();

    /// <summary>2.0: where each series message lies in the body (decoded after the symbols are known).</summary>
    internal List<(int Offset, int Length)> SeriesRanges { get; } = [];

    public RemoteWriteVersion Version { get; internal set; }

    public ReadOnlySpan<WriteSeries> Series => _series.AsSpan(0, _seriesCount);

    /// <summary>1.0's request-level metadata (2.0 carries it per series).</summary>
    public ReadOnlySpan<WriteMetadata> Metadata => _metadata.AsSpan(0, _metadataCount);

    /// <summary>Labels of a series as they came on the wire: unsorted, possibly invalid (the writer checks).</summary>
    public ReadOnlySpan<Label> LabelsOf(in WriteSeries series) => _labels.AsSpan(series.LabelStart, series.LabelCount);

    public ReadOnlySpan<WriteSample> SamplesOf(in WriteSeries series) => _samples.AsSpan(series.SampleStart, series.SampleCount);

    public ReadOnlySpan<WriteExemplar> ExemplarsOf(in WriteSeries series) => _exemplars.AsSpan(series.ExemplarStart, series.ExemplarCount);

    public ReadOnlySpan<WriteHistogram> HistogramsOf(in WriteSeries series) => _histograms.AsSpan(series.HistogramStart, series.HistogramCount);

    public ReadOnlySpan<Label> LabelsOf(in WriteExemplar exemplar) => _exemplarLabels.AsSpan(exemplar.LabelStart, exemplar.LabelCount);

    public int SampleTotal => _sampleCount;

    public int HistogramTotal => _histogramCount;

    public int ExemplarTotal => _exemplarCount;

    /// <summary>Largest array held, so the pool can drop a batch a huge request blew up.</summary>
    internal int Footprint => Math.Max(Math.Max(_labels.Length, _samples.Length), _series.Length);

    public void Reset()
    {
        // Label strings are interned or short-lived; clearing keeps one huge request's strings from living on.
        Array.Clear(_labels, 0, _labelCount);
        Array.Clear(_exemplarLabels, 0, _exemplarLabelCount);
        Array.Clear(_series, 0, _seriesCount);
        Array.Clear(_metadata, 0, _metadataCount);
        _labelCount = _exemplarLabelCount = _seriesCount = _sampleCount = _exemplarCount = _histogramCount = _metadataCount = 0;
        Symbols.Reset();
        SeriesRanges.Clear();
    }

    // ---- building (decoders only) ----

    /// <summary>Starts a series; its ranges begin at the current ends of the flat arrays.</summary>
    internal ref WriteSeries BeginSeries()
    {
        Grow(ref _series, _seriesCount + 1);
        ref var series = ref _series[_seriesCount++];
        series = default;
        series.LabelStart = _labelCount;
        series.SampleStart = _sampleCount;
        series.ExemplarStart = _exemplarCount;
        series.HistogramStart = _histogramCount;
        return ref series;
    }

    internal void AddLabel(ref WriteSeries series, Label label)
    {
        Grow(ref _labels, _labelCount + 1);
        _labels[_labelCount++] = label;
        series.LabelCount++;
    }

    internal void AddSample(ref WriteSeries series, in WriteSample sample)
    {
        Grow(ref _samples, _sampleCount + 1);
        _samples[_sampleCount++] = sample;
        series.SampleCount++;
    }

    internal void AddHistogram(ref WriteSeries series, in WriteHistogram histogram)
    {
        Grow(ref _histograms, _histogramCount + 1);
        _histograms[_histogramCount++] = histogram;
        series.HistogramCount++;
    }

    /// <summary>Starts an exemplar of <paramref name="series"/>; add its labels with <see cref="AddExemplarLabel"/>.</summary>
    internal ref WriteExemplar BeginExemplar(ref WriteSeries series)
    {
        Grow(ref _exemplars, _exemplarCount + 1);
        ref var exemplar = ref _exemplars[_exemplarCount++];
        exemplar = default;
        exemplar.LabelStart = _exemplarLabelCount;
        series.ExemplarCount++;
        return ref exemplar;
    }

    internal void AddExemplarLabel(ref WriteExemplar exemplar, Label label)
    {
        Grow(ref _exemplarLabels, _exemplarLabelCount + 1);
        _exemplarLabels[_exemplarLabelCount++] = label;
        exemplar.LabelCount++;
    }

    internal void AddMetadata(in WriteMetadata metadata)
    {
        Grow(ref _metadata, _metadataCount + 1);
        _metadata[_metadataCount++] = metadata;
    }

    private static void Grow<T>(ref T[] array, int needed)
    {
        if (needed > array.Length)
        {
            Array.Resize(ref array, Math.Max(needed, array.Length * 2));
        }
    }
}
