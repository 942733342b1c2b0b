using Vigil.Metrics.Model;
using Vigil.Otlp.Model;
using OtlpMetricType = Vigil.Otlp.Model.MetricType;

namespace Vigil.Metrics.Ingest.Otlp;

/// <summary>What the accumulator did with one delta point.</summary>
internal enum DeltaOutcome
{
    /// <summary>Added to the stream's running total.</summary>
    Accumulated,

    /// <summary>First point of a new (or stale, or restarted) stream: the total starts at this point.</summary>
    Started,

    /// <summary>Dropped: its time is not after the stream's last point.</summary>
    DroppedOutOfOrder,

    /// <summary>Dropped: it starts before the stream does (a second sender of the same series).</summary>
    DroppedOlderStart,

    /// <summary>Dropped: a new stream while <c>max_streams</c> are tracked.</summary>
    DroppedStreamLimit,
}

/// <summary>
/// In-memory DELTA → CUMULATIVE conversion, after the Collector's deltatocumulative processor that
/// Prometheus' <c>otlp-deltatocumulative</c> feature runs (internal/delta/delta.go <c>AccumulateInto</c>,
/// internal/data/add.go): per stream (the translated series identity: family name plus labels, and the
/// kind), a point that starts before the stream or is not newer than its last point is dropped; otherwise
/// it is added. A stream not updated for <c>max_stale</c> is forgotten; at most <c>max_streams</c> are
/// kept. Vigil addition (<see cref="OtlpTranslationOptions.DeltaResetOnStartGap"/>): a point starting after
/// the stream's last point restarts the total. Thread-safe (one lock; the work under it is small).
/// </summary>
internal sealed class DeltaAccumulator(OtlpTranslationOptions options, TimeProvider time)
{
    private enum Kind : byte { Number, Histogram, Exponential }

    private readonly record struct StreamKey(Labels Labels, Kind Kind);

    private sealed class Stream
    {
        public ulong Start;
        public ulong Last;
        public long SeenTicks;
        public double Value;
        public HistogramDataPoint? Histogram;
        public ExponentialHistogramDataPoint? Exponential;
    }

    private readonly Dictionary<StreamKey, Stream> _streams = [];
    private readonly object _gate = new();
    private readonly long _maxStaleTicks = options.DeltaMaxStale.Ticks;
    private long _lastSweepTicks;

    public int Count
    {
        get { lock (_gate) return _streams.Count; }
    }

    /// <summary>Forgets a stream (its sender marked it with NO_RECORDED_VALUE).</summary>
    public void Forget(Labels series, OtlpMetricType type)
    {
        lock (_gate) _streams.Remove(new StreamKey(series, KindOf(type)));
    }

    public DeltaOutcome AddNumber(Labels series, NumberDataPoint point, out double total)
    {
        lock (_gate)
        {
            var outcome = Admit(new StreamKey(series, Kind.Number), point.StartTimeUnixNano, point.TimeUnixNano, out var stream);
            if (outcome == DeltaOutcome.Started) stream!.Value = point.Value.AsDouble;
            else if (outcome == DeltaOutcome.Accumulated) stream!.Value += point.Value.AsDouble;
            total = stream?.Value ?? 0;
            return outcome;
        }
    }

    /// <summary>Adds a delta histogram point; <paramref name="total"/> is a snapshot the caller owns.</summary>
    public DeltaOutcome AddHistogram(Labels series, HistogramDataPoint point, out HistogramDataPoint? total)
    {
        lock (_gate)
        {
            var outcome = Admit(new StreamKey(series, Kind.Histogram), point.StartTimeUnixNano, point.TimeUnixNano, out var stream);
            if (outcome == DeltaOutcome.Started) stream!.Histogram = Clone(point);
            else if (outcome == DeltaOutcome.Accumulated) AddInto(stream!.Histogram!, point);
            total = stream?.Histogram is { } h ? Clone(h) : null;
            if (total is not null) total.TimeUnixNano = point.TimeUnixNano;
            return outcome;
        }
    }

    /// <summary>Adds a delta exponential histogram point; <paramref name="total"/> is a snapshot the caller owns.</summary>
    public DeltaOutcome AddExponential(Labels series, ExponentialHistogramDataPoint point, out ExponentialHistogramDataPoint? total)
    {
        lock (_gate)
        {
            var outcome = Admit(new StreamKey(series, Kind.Exponential), point.StartTimeUnixNano, point.TimeUnixNano, out var stream);
            if (outcome == DeltaOutcome.Started) stream!.Exponential = ExponentialHistogramMerge.Clone(point);
            else if (outcome == DeltaOutcome.Accumulated) ExponentialHistogramMerge.AddInto(stream!.Exponential!, point);
            total = stream?.Exponential is { } e ? ExponentialHistogramMerge.Clone(e) : null;
            if (total is not null) total.TimeUnixNano = point.TimeUnixNano;
            return outcome;
        }
    }

    private DeltaOutcome Admit(StreamKey key, ulong start, ulong timestamp, out Stream? stream)
    {
        long now = time.GetUtcNow().UtcTicks;
        Sweep(now);
        if (_streams.TryGetValue(key, out stream) && now - stream.SeenTicks <= _maxStaleTicks)
        {
            if (start != 0 && start < stream.Start) return DeltaOutcome.DroppedOlderStart;
            if (timestamp <= stream.Last) return DeltaOutcome.DroppedOutOfOrder;
            stream.SeenTicks = now;
            if (options.DeltaResetOnStartGap && start != 0 && start > stream.Last)
            {
                stream.Start = start;
                stream.Last = timestamp;
                return DeltaOutcome.Started;
            }
            stream.Last = timestamp;
            return DeltaOutcome.Accumulated;
        }
        if (stream is null && _streams.Count >= options.DeltaMaxStreams)
        {
            return DeltaOutcome.DroppedStreamLimit;
        }
        stream ??= new Stream();
        stream.Start = start != 0 ? start : timestamp;
        stream.Last = timestamp;
        stream.SeenTicks = now;
        stream.Histogram = null;
        stream.Exponential = null;
        _streams[key] = stream;
        return DeltaOutcome.Started;
    }

    /// <summary>Drops stale streams, at most once per max_stale/2 so the cost stays amortised.</summary>
    private void Sweep(long now)
    {
        if (now - _lastSweepTicks < _maxStaleTicks / 2) return;
        _lastSweepTicks = now;
        List<StreamKey>? stale = null;
        foreach (var (key, stream) in _streams)
            if (now - stream.SeenTicks > _maxStaleTicks) (stale ??= []).Add(key);
        if (stale is null) return;
        foreach (var key in stale) _streams.Remove(key);
    }

    private static Kind KindOf(OtlpMetricType type) => type switch
    {
        OtlpMetricType.Histogram => Kind.Histogram,
        OtlpMetricType.ExponentialHistogram => Kind.Exponential,
        _ => Kind.Number,
    };

    /// <summary>add.go: different bounds cannot merge, so the new point replaces the total; else counts add.</summary>
    private static void AddInto(HistogramDataPoint total, HistogramDataPoint delta)
    {
        if (!total.ExplicitBounds.AsSpan().SequenceEqual(delta.ExplicitBounds))
        {
            var fresh = Clone(delta);
            total.ExplicitBounds = fresh.ExplicitBounds;
            total.BucketCounts = fresh.BucketCounts;
            total.Count = fresh.Count;
            total.Sum = fresh.Sum;
            total.Min = fresh.Min;
            total.Max = fresh.Max;
            return;
        }
        int n = Math.Min(total.BucketCounts.Length, delta.BucketCounts.Length);
        for (int i = 0; i < n; i++) total.BucketCounts[i] += delta.BucketCounts[i];
        total.Count += delta.Count;
        total.Sum = total.Sum.HasValue && delta.Sum.HasValue ? total.Sum + delta.Sum : null;
        total.Min = total.Min.HasValue && delta.Min.HasValue ? Math.Min(total.Min.Value, delta.Min.Value) : null;
        total.Max = total.Max.HasValue && delta.Max.HasValue ? Math.Max(total.Max.Value, delta.Max.Value) : null;
    }

    private static HistogramDataPoint Clone(HistogramDataPoint p) => new()
    {
        Attributes = p.Attributes,
        StartTimeUnixNano = p.StartTimeUnixNano,
        TimeUnixNano = p.TimeUnixNano,
        Count = p.Count,
        Sum = p.Sum,
        BucketCounts = (ulong[])p.BucketCounts.Clone(),
        ExplicitBounds = (double[])p.ExplicitBounds.Clone(),
        Flags = p.Flags,
        Min = p.Min,
        Max = p.Max,
    };
}
