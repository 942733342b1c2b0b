namespace Vigil.Metrics.Tsdb.Blocks;

/// <summary>
/// Estimated size in bits of a stream of zigzag varints after zstd's entropy coding: small values
/// (|v| &lt; 64) cost their empirical entropy within the chunk — a steady counter's double deltas,
/// all 0, are nearly free — and larger ones their varint bytes.
/// </summary>
internal ref struct BitEstimate
{
    /// <summary>Values in (-64, 64) are counted one by one; anything else costs its varint bytes.</summary>
    public const int HistogramSize = 129;

    private readonly Span<int> _histogram;
    private double _raw;
    private int _small;

    public BitEstimate(Span<int> histogram)
    {
        histogram.Clear();
        _histogram = histogram;
    }

    public void Add(long v)
    {
        if (v is > -64 and < 64) { _histogram[(int)v + 64]++; _small++; }
        else AddRaw(v);
    }

    public void AddRaw(long v) => _raw += 8.0 * BlockBuffer.VarintSize(BlockBuffer.ZigZag(v));

    public readonly double Bits
    {
        get
        {
            double bits = _raw;
            foreach (int c in _histogram)
                if (c > 0) bits += c * Math.Log2((double)_small / c);
            return bits;
        }
    }
}
