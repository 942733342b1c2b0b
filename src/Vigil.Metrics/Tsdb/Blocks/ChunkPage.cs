using System.Buffers;

namespace Vigil.Metrics.Tsdb.Blocks;

/// <summary>
/// The chunks of one page after reading: every chunk re-encoded as XOR (the form queries and
/// <see cref="ChunkDecoder"/> read) in one array. Immutable, so cached pages can be shared by threads.
/// </summary>
internal sealed class DecodedPage(byte[] data, int[] offsets)
{
    public int ChunkCount => offsets.Length - 1;

    public ReadOnlyMemory<byte> Chunk(int index) => data.AsMemory(offsets[index], offsets[index + 1] - offsets[index]);

    /// <summary>Memory held (for the cache's budget).</summary>
    public long Bytes => data.Length + offsets.Length * 4L + 48;
}

/// <summary>
/// The uncompressed content of a chunk page (layout in docs/formats/metrics-block.md): a chunk count,
/// one small header per chunk, then all timestamp columns, then all value columns. Grouping like
/// columns lets zstd see runs of equal timestamp deltas and similar value deltas across many series.
/// </summary>
internal static class ChunkPage
{
    /// <summary>More samples than an XOR chunk can count (its header is 16 bits).</summary>
    public const int MaxSamplesPerChunk = ushort.MaxValue;

    /// <summary>Decodes page content and re-encodes each chunk as XOR; throws <see cref="InvalidDataException"/> on bad bytes.</summary>
    public static DecodedPage DecodeToXor(ReadOnlySpan<byte> content)
    {
        var r = new SpanReader(content);
        int count = r.ReadCount(content.Length, "chunk count");
        var samples = new int[count];
        var modes = new byte[count];
        var tsLens = new int[count];
        var valLens = new int[count];
        long tsTotal = 0, valTotal = 0;
        int maxSamples = 0;
        for (int i = 0; i < count; i++)
        {
            samples[i] = r.ReadCount(MaxSamplesPerChunk, "sample count");
            if (samples[i] == 0) throw new InvalidDataException("empty chunk");
            modes[i] = r.ReadByte();
            tsLens[i] = r.ReadCount(content.Length, "timestamp column length");
            valLens[i] = r.ReadCount(content.Length, "value column length");
            tsTotal += tsLens[i];
            valTotal += valLens[i];
            maxSamples = Math.Max(maxSamples, samples[i]);
        }
        if (tsTotal + valTotal != r.Remaining) throw new InvalidDataException($"columns take {tsTotal + valTotal} bytes but {r.Remaining} remain");
        var columns = content[r.Position..];
        int tsAt = 0, valAt = (int)tsTotal;

        long[] ts = ArrayPool<long>.Shared.Rent(maxSamples);
        double[] vs = ArrayPool<double>.Shared.Rent(maxSamples);
        try
        {
            var output = new BlockBuffer((int)Math.Min(int.MaxValue, (tsTotal + valTotal) * 2 + 64));
            var offsets = new int[count + 1];
            for (int i = 0; i < count; i++)
            {
                int n = samples[i];
                ChunkColumns.DecodeChunk(modes[i], columns.Slice(tsAt, tsLens[i]), columns.Slice(valAt, valLens[i]), ts.AsSpan(0, n), vs.AsSpan(0, n));
                tsAt += tsLens[i];
                valAt += valLens[i];
                offsets[i] = output.Length;
                XorChunkEncoder.Append(output, ts.AsSpan(0, n), vs.AsSpan(0, n));
            }
            offsets[count] = output.Length;
            return new DecodedPage(output.Span.ToArray(), offsets);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(ts);
            ArrayPool<double>.Shared.Return(vs);
        }
    }
}
