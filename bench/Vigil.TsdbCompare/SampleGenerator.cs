namespace Vigil.TsdbCompare;

/// <summary>
/// Deterministic sample values and timestamps for the catalog's series: the same seed gives the same stream
/// byte for byte. Each series keeps its own random state, so values do not depend on how series are sharded.
/// Timestamps: host h scrapes at <c>start + offset(h) + k * interval (+ jitter)</c>, the offset fixed per host
/// as Prometheus spreads targets over the interval; jitter is never negative, so no sample falls before
/// <c>start</c> and the first block range holds exactly <c>blockRange / interval</c> samples per series.
/// </summary>
internal sealed class SampleGenerator
{
    // Exact powers of ten (all are exact doubles up to 1e22): m / 1e3 is then the double nearest "0.mmm",
    // the value a text exposition parser would produce.
    private static readonly double[] Pow10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

    private readonly SeriesCatalog _catalog;
    private readonly long _seed;
    private readonly int _jitterMs;
    private readonly ulong[] _rng;
    private readonly double[] _value;
    private readonly int[] _mantissa;
    private readonly sbyte[] _exponent;
    private readonly short[] _maxIncrement;
    private readonly int[] _hostOffsetMs;

    public SampleGenerator(SeriesCatalog catalog, int seed, int intervalMs, int jitterMs)
    {
        _catalog = catalog;
        _seed = seed;
        _jitterMs = jitterMs;
        int n = catalog.Series;
        _rng = new ulong[n];
        _value = new double[n];
        _mantissa = new int[n];
        _exponent = new sbyte[n];
        _maxIncrement = new short[n];
        _hostOffsetMs = new int[catalog.Hosts];
        for (int h = 0; h < catalog.Hosts; h++)
        {
            ulong state = Mix((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)h ^ 0xA5A5UL);
            _hostOffsetMs[h] = (int)(state % (ulong)Math.Max(1, intervalMs - jitterMs));
        }
        for (int i = 0; i < n; i++)
        {
            _rng[i] = Mix((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)i + 1);
            Initialise(i);
        }
    }

    public int HostOffsetMs(int host) => _hostOffsetMs[host];

    /// <summary>Timestamp (ms) of series i's k-th sample.</summary>
    public long Timestamp(long startMs, int intervalMs, int series, int step)
    {
        int host = _catalog.HostOf(series);
        long t = startMs + _hostOffsetMs[host] + (long)step * intervalMs;
        if (_jitterMs > 0)
        {
            // Same jitter for every series of a host at a step: one scrape, one timestamp.
            t += (long)(Mix((ulong)_seed ^ ((ulong)host << 32) ^ (ulong)step) % (ulong)(_jitterMs + 1));
        }
        return t;
    }

    /// <summary>Advances series i by one sample and returns its value (call once per step, steps in order).</summary>
    public double Next(int i)
    {
        switch (_catalog.ShapeOf(i))
        {
            case ValueShape.Counter:
                int max = _maxIncrement[i];
                // Error-style counters (max 3) mostly stay put; the others move most scrapes.
                int inc = max <= 3
                    ? (Draw(i, 10) == 0 ? 1 + Draw(i, max) : 0)
                    : Draw(i, max + 1);
                _value[i] += inc;
                return _value[i];
            case ValueShape.Gauge:
                if (Draw(i, 10) >= 3)
                {
                    _mantissa[i] = Math.Clamp(_mantissa[i] + Draw(i, 41) - 20, 100, 999);
                }
                return Decimal(_mantissa[i], _exponent[i]);
            case ValueShape.Bucket:
                // The first bucket of a histogram (measure 0) owns the observation count; the others, generated right
                // after it in the same step, take their cumulative share of it, so buckets never decrease along le.
                int bucket = _catalog.MeasureOf(i);
                if (bucket == 0)
                {
                    _value[i] += Draw(i, 40);
                }
                return Math.Floor(_value[i - bucket] * SeriesCatalog.BucketShares[bucket]);
            case ValueShape.SmallGauge:
                if (Draw(i, 2) == 0)
                {
                    _mantissa[i] = Math.Clamp(_mantissa[i] + Draw(i, 5) - 2, 0, 50);
                }
                return _mantissa[i];
            default:
                return _value[i];
        }
    }

    private void Initialise(int i)
    {
        string name = _catalog.MetricNameOf(i);
        switch (_catalog.ShapeOf(i))
        {
            case ValueShape.Counter:
                _maxIncrement[i] = name.EndsWith("_errors_total", StringComparison.Ordinal) ? (short)3
                    : name.EndsWith("_bytes_total", StringComparison.Ordinal) ? (short)(1000 + Draw(i, 30_000))
                    : (short)(4 + Draw(i, 60));
                _value[i] = Draw(i, 1_000_000);
                break;
            case ValueShape.Gauge:
                _mantissa[i] = 100 + Draw(i, 900);
                _exponent[i] = name.EndsWith("_ratio", StringComparison.Ordinal) ? (sbyte)-3
                    : name.EndsWith("_celsius", StringComparison.Ordinal) ? (sbyte)-1
                    : (sbyte)(3 + Draw(i, 5));
                break;
            case ValueShape.SmallGauge:
                _mantissa[i] = Draw(i, 20);
                break;
            case ValueShape.Bucket:
                _value[i] = Draw(i, 100_000);
                break;
            default:
                _value[i] = Decimal(100 + Draw(i, 900), 6 + Draw(i, 4));
                break;
        }
    }

    private static double Decimal(int mantissa, int exponent) =>
        exponent >= 0 ? mantissa * Pow10[exponent] : mantissa / Pow10[-exponent];

    /// <summary>Uniform integer in [0, bound) from series i's SplitMix64 stream.</summary>
    private int Draw(int i, int bound)
    {
        _rng[i] += 0x9E3779B97F4A7C15UL;
        return (int)(Mix(_rng[i]) % (ulong)bound);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
