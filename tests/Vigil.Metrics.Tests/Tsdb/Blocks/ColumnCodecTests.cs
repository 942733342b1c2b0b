using CsCheck;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Blocks;
using Vigil.Metrics.Tsdb.Index;

namespace Vigil.Metrics.Tests.Tsdb.Blocks;

/// <summary>Property and fuzz tests for the block's encoders: decimal values, chunk columns, postings, pages.</summary>
public class ColumnCodecTests
{
    private static readonly Gen<double> AnyDouble = Gen.OneOf(
        Gen.Double,
        Gen.ULong.Select(BitConverter.UInt64BitsToDouble), // every bit pattern, NaN payloads included
        Gen.Int[-1_000_000, 1_000_000].Select(i => (double)i),
        Gen.Select(Gen.Int[-99999, 99999], Gen.Int[0, 6], (m, k) => double.Parse($"{m}e-{k}", System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Const(0).SelectMany(_ => Gen.Int[0, 8]).Select(i => new[] { double.NaN, StaleNaN.Value, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.0, double.Epsilon, double.MaxValue, 0.1 + 0.2 }[i]));

    [Fact]
    public void Decimal_form_is_exact_whenever_it_is_found()
    {
        AnyDouble.Sample(v =>
        {
            if (!DecimalValues.TryEncode(v, 0, out long m, out int k)) return;
            Assert.Equal(BitConverter.DoubleToUInt64Bits(v), BitConverter.DoubleToUInt64Bits(DecimalValues.Decode(m, k)));
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("0.25", 25, 2)]
    [InlineData("1234", 1234, 0)]
    [InlineData("-17.5", -175, 1)]
    [InlineData("0.001", 1, 3)]
    [InlineData("123456789.123", 123456789123, 3)]
    public void Short_decimals_have_their_obvious_form(string text, long m, int k)
    {
        Assert.True(DecimalValues.TryEncode(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture), 0, out long gotM, out int gotK));
        Assert.Equal((m, k), (gotM, gotK));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-0.0)]
    [InlineData(0.1 + 0.2)]
    [InlineData(1e300)]
    public void Values_without_a_short_decimal_form_are_refused(double v) =>
        Assert.False(DecimalValues.TryEncode(v, 0, out _, out _));

    [Fact]
    public void Chunk_columns_round_trip_bit_for_bit()
    {
        var chunk = Gen.Select(Gen.Long, Gen.Int[1, 300], Gen.Int[0, 3]).SelectMany((start, n, shape) =>
            Gen.Select(Gen.Long[0, shape == 0 ? 0 : shape == 1 ? 5 : long.MaxValue / 1000].Array[n], AnyDouble.Array[n], Gen.Int[0, 2],
                (steps, values, valueShape) => (start, steps, values, valueShape)));
        chunk.Sample(c =>
        {
            var ts = new long[c.steps.Length];
            long t = c.start;
            for (int i = 0; i < ts.Length; i++) { ts[i] = t; t += 15_000 + c.steps[i]; } // wraps at the extremes: still reversible
            var vs = c.valueShape switch
            {
                0 => c.values,
                1 => c.values.Select((_, i) => Math.Round(c.values[0] + i * 0.5, 1)).ToArray(),
                _ => c.values.Select((_, i) => i % 7 == 0 ? StaleNaN.Value : 100.0 + i).ToArray(),
            };
            var tsOut = new BlockBuffer();
            var vOut = new BlockBuffer();
            byte mode = ChunkColumns.EncodeChunk(ts, vs, tsOut, vOut);
            var ts2 = new long[ts.Length];
            var vs2 = new double[vs.Length];
            ChunkColumns.DecodeChunk(mode, tsOut.Span, vOut.Span, ts2, vs2);
            Assert.Equal(ts, ts2);
            Assert.Equal(vs.Select(BitConverter.DoubleToUInt64Bits), vs2.Select(BitConverter.DoubleToUInt64Bits));
        }, iter: 800);
    }

    [Fact]
    public void Xor_encoder_matches_the_head_chunk_byte_for_byte()
    {
        var chunk = Gen.Select(Gen.Long, Gen.Int[1, 200]).SelectMany((start, n) =>
            Gen.Select(Gen.OneOf(Gen.Long[0, 3], Gen.Long[-40_000, 40_000], Gen.Long[-600_000, 600_000], Gen.Long).Array[n], AnyDouble.Array[n]));
        chunk.Sample((steps, values) =>
        {
            var ts = new long[steps.Length];
            long t = 0;
            for (int i = 0; i < ts.Length; i++) { t += 15_000 + steps[i]; ts[i] = t; }
            var head = new Vigil.Metrics.Tsdb.Chunks.XorChunk();
            for (int i = 0; i < ts.Length; i++) head.Append(ts[i], values[i]);
            var buffer = new BlockBuffer();
            buffer.WriteByte(0xAB); // appends after existing content
            int length = XorChunkEncoder.Append(buffer, ts, values);
            Assert.Equal(head.ToCompactArray(), buffer.Span[1..].ToArray());
            Assert.Equal(length, buffer.Length - 1);
        }, iter: 1_500);
    }

    [Fact]
    public void Timestamp_modes_follow_the_scrape()
    {
        var rng = new Random(9);
        Assert.Equal(TimestampMode.DoubleDelta, Mode(Enumerable.Range(0, 120).Select(i => 1000L + i * 15_000)));
        // ±2 ms of jitter on a 15 s grid: distances from the grid vary less than double deltas.
        Assert.Equal(TimestampMode.Grid, Mode(Enumerable.Range(0, 120).Select(i => 1000L + i * 15_000 + rng.Next(-2, 3))));
        // A drifting interval: double deltas.
        Assert.Equal(TimestampMode.DoubleDelta, Mode(Enumerable.Range(0, 120).Select(i => 1000L + i * 15_000 + i * i * 3)));

        static TimestampMode Mode(IEnumerable<long> ts) => ChunkColumns.EncodeTimestamps(ts.ToArray(), new BlockBuffer());
    }

    [Fact]
    public void Value_modes_pick_the_cheap_form()
    {
        Assert.Equal(ValueMode.Constant, Encode(Enumerable.Repeat(1.0, 120)));
        // A busy counter (about a million per scrape, a little noise): double deltas are small, deltas are not.
        var noise = new Random(3);
        double bytes = 1e9;
        Assert.Equal(ValueMode.DecimalDoubleDelta, Encode(Enumerable.Range(0, 120).Select(_ => bytes += 1_000_000 + noise.Next(-10, 11))));
        Assert.Equal(ValueMode.DecimalDelta, Encode(Enumerable.Range(0, 120).Select(i => i % 2 == 0 ? 0.25 : 0.5)));
        Assert.Equal(ValueMode.Xor, Encode(Enumerable.Range(0, 120).Select(i => Math.Sqrt(i + 2))));
        // One staleness marker keeps the chunk decimal (an exception), and it comes back bit for bit.
        var withStale = Enumerable.Range(0, 120).Select(i => i == 119 ? StaleNaN.Value : 12.5 + i).ToArray();
        Assert.Contains(Encode(withStale), new[] { ValueMode.DecimalDelta, ValueMode.DecimalDoubleDelta });
        // Jumpy counters (random increments) keep single deltas: their double deltas have more entropy.
        var rng = new Random(5);
        double c = 1000;
        Assert.Equal(ValueMode.DecimalDelta, Encode(Enumerable.Range(0, 120).Select(_ => c += rng.Next(0, 11))));

        static ValueMode Encode(IEnumerable<double> values) => ChunkColumns.EncodeValues(values.ToArray(), new BlockBuffer());
    }

    [Fact]
    public void Postings_round_trip_in_every_form()
    {
        var lists = Gen.OneOf(
            Gen.Int[0, 5000].Array[0, 200].Select(a => a.Distinct().Order().ToArray()),              // sparse
            Gen.Select(Gen.Int[0, 1000], Gen.Int[1, 3000]).Select((s, n) => Enumerable.Range(s, n).ToArray()), // one run
            Gen.Int[0, 4999].Array[500, 3000].Select(a => a.Distinct().Order().ToArray()));          // dense
        lists.Sample(list =>
        {
            var buffer = new BlockBuffer();
            PostingsCodec.Encode(list, buffer);
            Assert.Equal(list.Select(i => (ulong)i), PostingsCodec.Decode(buffer.Span, 10_000));
        }, iter: 1_000);
        Assert.Equal(PostingsCodec.Runs, EncodedKind(Enumerable.Range(10, 1000).ToArray()));
        Assert.Equal(PostingsCodec.Gaps, EncodedKind([3, 700, 9000]));
        Assert.Equal(PostingsCodec.Bitmap, EncodedKind(Enumerable.Range(0, 4000).Where(i => i % 3 != 0 && i % 7 != 0).ToArray()));

        static byte EncodedKind(int[] list)
        {
            var buffer = new BlockBuffer();
            PostingsCodec.Encode(list, buffer);
            return buffer.Span[0];
        }
    }

    [Fact]
    public void Range_postings_seek_and_next()
    {
        var p = new RangePostings(5);
        Assert.True(p.Seek(3));
        Assert.Equal(3UL, p.At);
        Assert.True(p.Seek(1)); // never moves back
        Assert.Equal(3UL, p.At);
        Assert.True(p.Next());
        Assert.Equal(4UL, p.At);
        Assert.False(p.Next());
        Assert.Equal([0UL, 1, 2], PostingsOps.ToList(PostingsOps.Intersect([new RangePostings(3), new RangePostings(10)])));
    }

    [Fact]
    public void Garbage_postings_and_pages_fail_only_with_invalid_data()
    {
        Gen.Byte.Array[0, 64].Sample(bytes =>
        {
            try
            {
                var list = PostingsCodec.Decode(bytes, 1000);
                for (int i = 1; i < list.Length; i++) Assert.True(list[i - 1] < list[i]);
                Assert.All(list, v => Assert.True(v < 1000));
            }
            catch (InvalidDataException) { }
        }, iter: 5_000);
        Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            try { ChunkPage.DecodeToXor(bytes); }
            catch (InvalidDataException) { }
        }, iter: 5_000);
    }
}
