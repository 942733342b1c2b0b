using Vigil.Metrics.Tsdb.Index;

namespace Vigil.Metrics.Tsdb.Blocks;

/// <summary>
/// Encodes a postings list (sorted series ordinals) in the smallest of three forms. Prometheus stores
/// 4 bytes per entry; here series ordinals are dense and sorted by labels, so lists are either runs
/// (every value of <c>__name__</c>, of <c>job</c> for a job's series), sparse (a rare value: varint
/// gaps) or dense-but-scattered (<c>instance</c> across many metrics: a bitmap).
/// <list type="bullet">
/// <item>0 gaps: varint count, then varint gaps (the first is the ordinal itself)</item>
/// <item>1 runs: varint run count, then per run varint gap to its start from the previous run's end, varint length − 1</item>
/// <item>2 bitmap: varint first ordinal, varint byte count, bits LSB first (bit i of byte j is first + 8j + i)</item>
/// </list>
/// </summary>
internal static class PostingsCodec
{
    public const byte Gaps = 0, Runs = 1, Bitmap = 2;

    public static void Encode(ReadOnlySpan<int> list, BlockBuffer output)
    {
        if (list.Length == 0) { output.WriteByte(Gaps); output.WriteVarint(0); return; }
        long gapsSize = BlockBuffer.VarintSize((ulong)list.Length), runsSize = 0;
        int runs = 0;
        for (int i = 0; i < list.Length; i++)
        {
            int prev = i == 0 ? 0 : list[i - 1];
            gapsSize += BlockBuffer.VarintSize((ulong)(list[i] - prev));
            if (i == 0 || list[i] != prev + 1)
            {
                // A run starts here; count its gap and (once we know it) its length.
                int end = i;
                while (end + 1 < list.Length && list[end + 1] == list[end] + 1) end++;
                runsSize += BlockBuffer.VarintSize((ulong)(list[i] - (i == 0 ? 0 : prev + 1))) + BlockBuffer.VarintSize((ulong)(end - i));
                runs++;
            }
        }
        runsSize += BlockBuffer.VarintSize((ulong)runs);
        long span = (long)list[^1] - list[0] + 1;
        long bitmapSize = BlockBuffer.VarintSize((ulong)list[0]) + BlockBuffer.VarintSize((ulong)((span + 7) / 8)) + (span + 7) / 8;

        if (gapsSize <= runsSize && gapsSize <= bitmapSize)
        {
            output.WriteByte(Gaps);
            output.WriteVarint((ulong)list.Length);
            int prev = 0;
            foreach (int v in list) { output.WriteVarint((ulong)(v - prev)); prev = v; }
        }
        else if (runsSize <= bitmapSize)
        {
            output.WriteByte(Runs);
            output.WriteVarint((ulong)runs);
            int next = 0; // first ordinal after the previous run
            for (int i = 0; i < list.Length;)
            {
                int end = i;
                while (end + 1 < list.Length && list[end + 1] == list[end] + 1) end++;
                output.WriteVarint((ulong)(list[i] - next));
                output.WriteVarint((ulong)(end - i));
                next = list[end] + 1;
                i = end + 1;
            }
        }
        else
        {
            output.WriteByte(Bitmap);
            int first = list[0];
            int bytes = (int)((span + 7) / 8);
            output.WriteVarint((ulong)first);
            output.WriteVarint((ulong)bytes);
            var bits = output.Reserve(bytes, out _);
            bits.Clear();
            foreach (int v in list) bits[(v - first) >> 3] |= (byte)(1 << ((v - first) & 7));
        }
    }

    /// <summary>Decodes into sorted ordinals, each below <paramref name="seriesCount"/>; throws <see cref="InvalidDataException"/>.</summary>
    public static ulong[] Decode(ReadOnlySpan<byte> data, long seriesCount)
    {
        var r = new SpanReader(data);
        byte kind = r.ReadByte();
        ulong[] result;
        switch (kind)
        {
            case Gaps:
            {
                int count = r.ReadCount(seriesCount, "postings count");
                result = new ulong[count];
                ulong v = 0;
                for (int i = 0; i < count; i++)
                {
                    ulong gap = r.ReadVarint();
                    if ((i > 0 && gap == 0) || gap >= (ulong)seriesCount) throw new InvalidDataException("postings not strictly increasing or beyond the series count");
                    v += gap;
                    result[i] = v;
                }
                break;
            }
            case Runs:
            {
                int runs = r.ReadCount(seriesCount, "postings run count");
                var list = new List<ulong>();
                ulong next = 0;
                for (int i = 0; i < runs; i++)
                {
                    ulong start = next + r.ReadVarint();
                    ulong length = r.ReadVarint() + 1;
                    if (start + length > (ulong)seriesCount) throw new InvalidDataException($"postings run beyond {seriesCount} series");
                    for (ulong j = 0; j < length; j++) list.Add(start + j);
                    next = start + length;
                }
                result = [.. list];
                break;
            }
            case Bitmap:
            {
                ulong first = r.ReadVarint();
                int bytes = r.ReadCount((seriesCount + 7) / 8 + 1, "postings bitmap size");
                var bits = r.ReadBytes(bytes);
                var list = new List<ulong>();
                for (int j = 0; j < bits.Length; j++)
                {
                    int b = bits[j];
                    while (b != 0)
                    {
                        int bit = System.Numerics.BitOperations.TrailingZeroCount(b);
                        list.Add(first + (ulong)(j * 8 + bit));
                        b &= b - 1;
                    }
                }
                result = [.. list];
                break;
            }
            default:
                throw new InvalidDataException($"unknown postings encoding {kind}");
        }
        if (!r.End) throw new InvalidDataException("stray bytes after postings");
        if (result.Length > 0 && result[^1] >= (ulong)seriesCount) throw new InvalidDataException($"postings entry {result[^1]} beyond {seriesCount} series");
        return result;
    }
}

/// <summary>Postings over every ordinal in [0, count): a block's "all series" list costs nothing to store.</summary>
internal sealed class RangePostings(ulong count) : Postings
{
    private ulong _current;
    private bool _started;

    public override ulong At => _current;

    public override bool Next()
    {
        if (!_started) { _started = true; _current = 0; }
        else if (_current < count) _current++;
        return _current < count;
    }

    public override bool Seek(ulong v)
    {
        if (!_started || v > _current) { _started = true; _current = Math.Max(_current, v); }
        return _current < count;
    }
}
