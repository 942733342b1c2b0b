using System.Buffers;

namespace Vigil.Metrics.Tsdb.Blocks;

/// <summary>How a chunk's value column is stored in a page (docs/formats/metrics-block.md, "value column").</summary>
internal enum ValueMode : byte
{
    /// <summary>Every sample has the same bits: 8 bytes once.</summary>
    Constant = 0,
    /// <summary>Decimal mantissas at one exponent, first value then deltas (gauges).</summary>
    DecimalDelta = 1,
    /// <summary>Decimal mantissas, first value, first delta, then deltas of deltas (steady counters).</summary>
    DecimalDoubleDelta = 2,
    /// <summary>8 bytes per sample, each value's bits XOR the previous one's (anything else).</summary>
    Xor = 3,
}

/// <summary>How a chunk's timestamp column is stored (the high 4 bits of the chunk's mode byte).</summary>
internal enum TimestampMode : byte
{
    /// <summary>First, first delta, then deltas of deltas: all 0 for a steady scrape; robust to drift.</summary>
    DoubleDelta = 0,
    /// <summary>
    /// First, a step and a shift, then each timestamp's distance from its grid point
    /// (first + shift + i × step): for pushes and scrapes that jitter around a fixed interval the
    /// residuals are the jitter itself, where double deltas add up three jitters.
    /// </summary>
    Grid = 1,
}

/// <summary>
/// Encodes one chunk's samples as two byte columns, timestamps and values, that zstd then compresses well
/// across a whole page: timestamps by the cheaper <see cref="TimestampMode"/> (a regular scrape gives
/// runs of 0x00), values by the cheapest <see cref="ValueMode"/>, each chosen by <see cref="BitEstimate"/>. Values without an exact
/// decimal form (NaN, stale markers, ±Inf, -0) inside a decimal chunk are stored as exceptions:
/// index and raw bits, so one staleness marker does not push the whole chunk to 8 bytes per sample.
/// </summary>
internal static class ChunkColumns
{
    /// <summary>Over this share of exceptions, XOR mode is used instead of decimal.</summary>
    private const int MaxExceptionShareDivisor = 4;

    /// <summary>Writes both columns; returns the chunk's mode byte (timestamp mode &lt;&lt; 4 | value mode).</summary>
    public static byte EncodeChunk(ReadOnlySpan<long> ts, ReadOnlySpan<double> values, BlockBuffer tsOut, BlockBuffer valuesOut)
    {
        var tsMode = EncodeTimestamps(ts, tsOut);
        var valueMode = EncodeValues(values, valuesOut);
        return (byte)(((int)tsMode << 4) | (int)valueMode);
    }

    /// <summary>Reads both columns of a chunk written by <see cref="EncodeChunk"/>; throws <see cref="InvalidDataException"/>.</summary>
    public static void DecodeChunk(byte mode, ReadOnlySpan<byte> tsColumn, ReadOnlySpan<byte> valueColumn, Span<long> ts, Span<double> values)
    {
        DecodeTimestamps((TimestampMode)(mode >> 4), tsColumn, ts);
        DecodeValues((ValueMode)(mode & 0x0F), valueColumn, values);
    }

    public static TimestampMode EncodeTimestamps(ReadOnlySpan<long> ts, BlockBuffer output)
    {
        int n = ts.Length;
        if (n == 0) return TimestampMode.DoubleDelta;
        output.WriteZigZag(ts[0]);
        if (n == 1) return TimestampMode.DoubleDelta;
        // Grid step: the mean interval, rounded; the grid's origin is shifted by the mean residual so
        // residuals centre on 0 in every chunk (zstd codes a whole page with one table). Wrapping
        // arithmetic throughout: still reversible.
        long step = (long)Math.Round((double)(ts[n - 1] - ts[0]) / (n - 1));
        long shift = 0;
        var mode = TimestampMode.DoubleDelta;
        if (n > 2)
        {
            double sum = 0;
            for (int i = 1; i < n; i++) sum += ts[i] - ts[0] - i * step;
            shift = (long)Math.Round(sum / (n - 1));
            var doubleDelta = new BitEstimate(stackalloc int[BitEstimate.HistogramSize]);
            var grid = new BitEstimate(stackalloc int[BitEstimate.HistogramSize]);
            doubleDelta.AddRaw(ts[1] - ts[0]);
            grid.AddRaw(step);
            grid.AddRaw(shift);
            for (int i = 1; i < n; i++) grid.Add(ts[i] - ts[0] - shift - i * step);
            for (int i = 2; i < n; i++) doubleDelta.Add(ts[i] - ts[i - 1] - (ts[i - 1] - ts[i - 2]));
            if (grid.Bits < doubleDelta.Bits) mode = TimestampMode.Grid;
        }
        if (mode == TimestampMode.Grid)
        {
            output.WriteZigZag(step);
            output.WriteZigZag(shift);
            for (int i = 1; i < n; i++) output.WriteZigZag(ts[i] - ts[0] - shift - i * step);
            return mode;
        }
        long delta = ts[1] - ts[0];
        output.WriteZigZag(delta);
        for (int i = 2; i < n; i++)
        {
            long d = ts[i] - ts[i - 1];
            output.WriteZigZag(d - delta);
            delta = d;
        }
        return mode;
    }

    public static void DecodeTimestamps(TimestampMode mode, ReadOnlySpan<byte> column, Span<long> ts)
    {
        if (ts.Length == 0) return;
        var r = new SpanReader(column);
        long t0 = r.ReadZigZag();
        ts[0] = t0;
        switch (mode)
        {
            case TimestampMode.DoubleDelta when ts.Length > 1:
            {
                long delta = r.ReadZigZag(), t = t0 + delta;
                ts[1] = t;
                for (int i = 2; i < ts.Length; i++)
                {
                    delta += r.ReadZigZag();
                    t += delta;
                    ts[i] = t;
                }
                break;
            }
            case TimestampMode.Grid when ts.Length > 2:
            {
                long step = r.ReadZigZag();
                long origin = t0 + r.ReadZigZag();
                for (int i = 1; i < ts.Length; i++) ts[i] = origin + i * step + r.ReadZigZag();
                break;
            }
            case TimestampMode.DoubleDelta:
                break;
            default:
                throw new InvalidDataException($"timestamp mode {(byte)mode} invalid for {ts.Length} samples");
        }
        ExpectEnd(r, "timestamp");
    }

    /// <summary>Writes the value column and returns its mode.</summary>
    public static ValueMode EncodeValues(ReadOnlySpan<double> values, BlockBuffer output)
    {
        int n = values.Length;
        if (n == 0) return ValueMode.Constant;
        ulong first = BitConverter.DoubleToUInt64Bits(values[0]);
        bool constant = true;
        for (int i = 1; i < n && constant; i++) constant = BitConverter.DoubleToUInt64Bits(values[i]) == first;
        if (constant)
        {
            output.WriteUInt64BigEndian(first);
            return ValueMode.Constant;
        }

        long[] mantissas = ArrayPool<long>.Shared.Rent(n);
        byte[] exponents = ArrayPool<byte>.Shared.Rent(n);
        try
        {
            // Per value: decimal form or an exception (exponent 0xFF).
            int exceptions = 0, maxK = 0, hint = 0;
            for (int i = 0; i < n; i++)
            {
                if (DecimalValues.TryEncode(values[i], hint, out long m, out int k))
                {
                    mantissas[i] = m;
                    exponents[i] = (byte)k;
                    hint = k;
                    if (k > maxK) maxK = k;
                }
                else { exponents[i] = 0xFF; exceptions++; }
            }
            // One exponent for the chunk; a value that cannot be rescaled becomes an exception too.
            long prev = 0;
            for (int i = 0; i < n; i++)
            {
                if (exponents[i] != 0xFF
                    && DecimalValues.TryRescale(mantissas[i], exponents[i], maxK, out long scaled)
                    && BitConverter.DoubleToUInt64Bits(DecimalValues.Decode(scaled, maxK)) == BitConverter.DoubleToUInt64Bits(values[i]))
                {
                    mantissas[i] = prev = scaled;
                }
                else
                {
                    if (exponents[i] != 0xFF) exceptions++;
                    exponents[i] = 0xFF;
                    mantissas[i] = prev; // exceptions repeat the previous mantissa: a zero delta
                }
            }
            if (exceptions * MaxExceptionShareDivisor > n)
            {
                WriteXor(values, output);
                return ValueMode.Xor;
            }
            var span = mantissas.AsSpan(0, n);
            var mode = DeltaSize(span) <= DoubleDeltaSize(span) ? ValueMode.DecimalDelta : ValueMode.DecimalDoubleDelta;
            output.WriteByte((byte)maxK);
            output.WriteZigZag(span[0]);
            if (n > 1)
            {
                long d = span[1] - span[0];
                output.WriteZigZag(d);
                for (int i = 2; i < n; i++)
                {
                    long di = span[i] - span[i - 1];
                    output.WriteZigZag(mode == ValueMode.DecimalDelta ? di : di - d);
                    d = di;
                }
            }
            output.WriteVarint((ulong)exceptions);
            int last = 0;
            for (int i = 0; i < n; i++)
            {
                if (exponents[i] != 0xFF) continue;
                output.WriteVarint((ulong)(i - last));
                output.WriteUInt64BigEndian(BitConverter.DoubleToUInt64Bits(values[i]));
                last = i;
            }
            return mode;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(mantissas);
            ArrayPool<byte>.Shared.Return(exponents);
        }
    }

    public static void DecodeValues(ValueMode mode, ReadOnlySpan<byte> column, Span<double> values)
    {
        int n = values.Length;
        if (n == 0) return;
        var r = new SpanReader(column);
        switch (mode)
        {
            case ValueMode.Constant:
                values.Fill(BitConverter.UInt64BitsToDouble(r.ReadUInt64BigEndian()));
                break;
            case ValueMode.Xor:
                ulong bits = 0;
                for (int i = 0; i < n; i++)
                {
                    bits ^= r.ReadUInt64BigEndian();
                    values[i] = BitConverter.UInt64BitsToDouble(bits);
                }
                break;
            case ValueMode.DecimalDelta or ValueMode.DecimalDoubleDelta:
                int k = r.ReadByte();
                if (k > DecimalValues.MaxExponent) throw new InvalidDataException($"decimal exponent {k} out of range");
                long m = r.ReadZigZag();
                values[0] = DecimalValues.Decode(m, k);
                if (n > 1)
                {
                    long d = r.ReadZigZag();
                    m += d;
                    values[1] = DecimalValues.Decode(m, k);
                    for (int i = 2; i < n; i++)
                    {
                        if (mode == ValueMode.DecimalDelta) m += r.ReadZigZag();
                        else { d += r.ReadZigZag(); m += d; }
                        values[i] = DecimalValues.Decode(m, k);
                    }
                }
                int exceptions = r.ReadCount(n, "exception count");
                int at = 0;
                for (int e = 0; e < exceptions; e++)
                {
                    at += r.ReadCount(n - 1, "exception index gap");
                    if (at >= n) throw new InvalidDataException($"exception index {at} beyond {n} samples");
                    values[at] = BitConverter.UInt64BitsToDouble(r.ReadUInt64BigEndian());
                }
                break;
            default:
                throw new InvalidDataException($"unknown value mode {(byte)mode}");
        }
        ExpectEnd(r, "value");
    }

    private static void WriteXor(ReadOnlySpan<double> values, BlockBuffer output)
    {
        ulong prev = 0;
        foreach (double v in values)
        {
            ulong bits = BitConverter.DoubleToUInt64Bits(v);
            output.WriteUInt64BigEndian(bits ^ prev);
            prev = bits;
        }
    }

    private static double DeltaSize(ReadOnlySpan<long> m)
    {
        var estimate = new BitEstimate(stackalloc int[BitEstimate.HistogramSize]);
        for (int i = 1; i < m.Length; i++) estimate.Add(m[i] - m[i - 1]);
        return estimate.Bits;
    }

    private static double DoubleDeltaSize(ReadOnlySpan<long> m)
    {
        if (m.Length < 3) return double.MaxValue;
        var estimate = new BitEstimate(stackalloc int[BitEstimate.HistogramSize]);
        estimate.AddRaw(m[1] - m[0]);
        for (int i = 2; i < m.Length; i++) estimate.Add(m[i] - m[i - 1] - (m[i - 1] - m[i - 2]));
        return estimate.Bits;
    }

    private static void ExpectEnd(SpanReader r, string column)
    {
        if (!r.End) throw new InvalidDataException($"{r.Remaining} stray bytes after the {column} column");
    }
}
