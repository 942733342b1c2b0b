using System.Globalization;
using System.Text;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb;

namespace Vigil.Metrics.Ingest.Otlp;

/// <summary>
/// The newest value of every series that arrived over OTLP, with its family's type and help, rendered as
/// Prometheus text 0.0.4 without timestamps: what the OpenTelemetry Collector's prometheus exporter served
/// on 9464 in the seed stack. Fed by committed translations through <see cref="Wrap"/>. Bounded: series not
/// updated for <see cref="Expiry"/> are dropped (the exporter's <c>metric_expiration</c>, 5m), and beyond
/// <see cref="MaxSeries"/> new series are ignored. A stale marker removes its series. Thread-safe.
/// </summary>
public sealed class OtlpLatestValues
{
    private sealed class Entry
    {
        public required string Family;
        public long TimestampMs;
        public double Value;
        public long UpdatedTicks;
    }

    private readonly Dictionary<Labels, Entry> _series = [];
    private readonly Dictionary<string, MetricMetadata> _families = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private long _lastSweepTicks;

    public OtlpLatestValues(TimeSpan? expiry = null, int maxSeries = 100_000, TimeProvider? timeProvider = null)
    {
        Expiry = expiry ?? TimeSpan.FromMinutes(5);
        if (Expiry <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(expiry), "expiry must be positive");
        if (maxSeries <= 0) throw new ArgumentOutOfRangeException(nameof(maxSeries), "maxSeries must be positive");
        MaxSeries = maxSeries;
        _time = timeProvider ?? TimeProvider.System;
    }

    public TimeSpan Expiry { get; }

    public int MaxSeries { get; }

    /// <summary>New series ignored because <see cref="MaxSeries"/> were held.</summary>
    public long DroppedSeries { get; private set; }

    public int SeriesCount
    {
        get { lock (_gate) return _series.Count; }
    }

    /// <summary>An appender that forwards to <paramref name="inner"/> and, once a commit succeeds, records what it wrote.</summary>
    public IAppender Wrap(IAppender inner) => new LatestValuesAppender(inner, this);

    /// <summary>Writes the text exposition (UTF-8) to <paramref name="stream"/>; suits TelemetryEndpoint's extra-text hook.</summary>
    public async Task WriteAsync(Stream stream, CancellationToken cancellationToken)
    {
        byte[] text = Encoding.UTF8.GetBytes(Render());
        await stream.WriteAsync(text, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The exposition: families in name order, each with <c># HELP</c> (when there is help) and
    /// <c># TYPE</c>; series grouped by their labels, histogram buckets by bound then <c>_sum</c>,
    /// <c>_count</c>; summary quantiles likewise.
    /// </summary>
    public string Render()
    {
        List<(string Family, MetricMetadata? Metadata, List<(Labels Labels, double Value)> Series)> families;
        lock (_gate)
        {
            Sweep(_time.GetUtcNow().UtcTicks, force: true);
            var byFamily = new Dictionary<string, List<(Labels, double)>>(StringComparer.Ordinal);
            foreach (var (labels, entry) in _series)
            {
                if (!byFamily.TryGetValue(entry.Family, out var list)) byFamily[entry.Family] = list = [];
                list.Add((labels, entry.Value));
            }
            families = new(byFamily.Count);
            foreach (var (family, list) in byFamily) families.Add((family, _families.GetValueOrDefault(family), list));
        }
        families.Sort(static (a, b) => string.CompareOrdinal(a.Family, b.Family));

        var sb = new StringBuilder(4096);
        foreach (var (family, metadata, series) in families)
        {
            if (metadata is { Help.Length: > 0 }) PrometheusText.AppendHelp(sb, family, metadata.Help);
            PrometheusText.AppendType(sb, family, metadata?.Type ?? MetricType.Unknown);
            series.Sort((a, b) => CompareForExposition(family, a.Labels, b.Labels));
            foreach (var (labels, value) in series) PrometheusText.AppendSample(sb, labels, value);
        }
        return sb.ToString();
    }

    /// <summary>Applies a committed batch: metadata first, so samples find their family.</summary>
    internal void Publish(List<(Labels Labels, long TimestampMs, double Value)> samples, Dictionary<string, MetricMetadata> metadata)
    {
        long now = _time.GetUtcNow().UtcTicks;
        lock (_gate)
        {
            foreach (var (family, meta) in metadata) _families[family] = meta;
            foreach (var (labels, t, value) in samples)
            {
                if (_series.TryGetValue(labels, out var entry))
                {
                    if (t < entry.TimestampMs) continue;
                    if (StaleNaN.Is(value))
                    {
                        _series.Remove(labels);
                        continue;
                    }
                    entry.TimestampMs = t;
                    entry.Value = value;
                    entry.UpdatedTicks = now;
                    continue;
                }
                if (StaleNaN.Is(value)) continue;
                if (_series.Count >= MaxSeries)
                {
                    DroppedSeries++;
                    continue;
                }
                _series[labels] = new Entry { Family = FamilyOf(labels.Name), TimestampMs = t, Value = value, UpdatedTicks = now };
            }
            Sweep(now, force: false);
        }
    }

    /// <summary>A series' family: its own name when that has metadata, else the histogram/summary it is a part of.</summary>
    private string FamilyOf(string name)
    {
        if (_families.ContainsKey(name)) return name;
        foreach (string suffix in (ReadOnlySpan<string>)["_bucket", "_sum", "_count"])
        {
            if (!name.EndsWith(suffix, StringComparison.Ordinal)) continue;
            string baseName = name[..^suffix.Length];
            if (_families.TryGetValue(baseName, out var meta) && meta.Type is MetricType.Histogram or MetricType.Summary) return baseName;
        }
        return name;
    }

    private void Sweep(long now, bool force)
    {
        long expiry = Expiry.Ticks;
        if (!force && now - _lastSweepTicks < expiry / 4) return;
        _lastSweepTicks = now;
        List<Labels>? expired = null;
        foreach (var (labels, entry) in _series)
            if (now - entry.UpdatedTicks > expiry) (expired ??= []).Add(labels);
        if (expired is not null) foreach (var labels in expired) _series.Remove(labels);

        // Metadata of families with no series left goes too, so the map stays bounded by the series.
        if (_families.Count > _series.Count)
        {
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in _series.Values) used.Add(entry.Family);
            List<string>? unused = null;
            foreach (string family in _families.Keys) if (!used.Contains(family)) (unused ??= []).Add(family);
            if (unused is not null) foreach (string family in unused) _families.Remove(family);
        }
    }

    /// <summary>Client-library order: by labels without name/le/quantile, then bucket or quantile bound, _sum, _count.</summary>
    private static int CompareForExposition(string family, Labels a, Labels b)
    {
        int c = CompareGroup(a, b);
        if (c != 0) return c;
        c = Role(family, a).CompareTo(Role(family, b));
        if (c != 0) return c;
        c = Bound(a).CompareTo(Bound(b));
        return c != 0 ? c : Labels.Compare(a, b);
    }

    private static int CompareGroup(Labels a, Labels b)
    {
        var x = a.AsSpan();
        var y = b.AsSpan();
        int i = 0, j = 0;
        while (true)
        {
            while (i < x.Length && IsPartLabel(x[i].Name)) i++;
            while (j < y.Length && IsPartLabel(y[j].Name)) j++;
            if (i == x.Length || j == y.Length) return (x.Length - i).CompareTo(y.Length - j);
            int c = string.CompareOrdinal(x[i].Name, y[j].Name);
            if (c == 0) c = string.CompareOrdinal(x[i].Value, y[j].Value);
            if (c != 0) return c;
            i++;
            j++;
        }
    }

    private static bool IsPartLabel(string name) => name is Labels.MetricName or "le" or "quantile";

    private static int Role(string family, Labels labels)
    {
        string name = labels.Name;
        if (name.Length == family.Length + 4 && name.EndsWith("_sum", StringComparison.Ordinal)) return 1;
        if (name.Length == family.Length + 6 && name.EndsWith("_count", StringComparison.Ordinal)) return 2;
        return 0;
    }

    private static double Bound(Labels labels)
    {
        string text = labels.Get("le");
        if (text.Length == 0) text = labels.Get("quantile");
        if (text.Length == 0) return 0;
        if (text == "+Inf") return double.PositiveInfinity;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : 0;
    }
}
