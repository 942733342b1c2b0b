using CsCheck;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Chunks;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Tests.Tsdb.Chunks;

public class XorChunkTests
{
    // Values that stress the XOR window: special floats, the stale marker, tiny and huge magnitudes, repeats.
    private static readonly Gen<double> Values = Gen.OneOf(
        Gen.Double,
        Gen.Double[-1000, 1000],
        Gen.Int[0, 100].Select(i => (double)i),
        Gen.Const(double.NaN), Gen.Const(StaleNaN.Value), Gen.Const(double.PositiveInfinity),
        Gen.Const(double.NegativeInfinity), Gen.Const(0.0), Gen.Const(-0.0), Gen.Const(double.Epsilon),
        Gen.Const(double.MaxValue));

    // Timestamps: equal steps, jitter, huge gaps (all delta-of-delta buckets), negative start.
    private static readonly Gen<long[]> Timestamps =
        Gen.Select(Gen.Long[-5_000_000_000_000, 5_000_000_000_000], Gen.OneOf(
                Gen.Long[1, 30_000].Array[1, 200],
                Gen.Long[1, 1L << 40].Array[1, 50],
                Gen.Const(15_000L).Array[1, 200]))
            .Select((start, deltas) =>
            {
                var ts = new long[deltas.Length];
                long t = start;
                for (int i = 0; i < deltas.Length; i++) { ts[i] = t; t += deltas[i]; }
                return ts;
            });

    [Fact]
    public void Round_trips_random_series_bit_for_bit()
    {
        Gen.Select(Timestamps, Values.Array[200]).Sample((ts, vs) =>
        {
            var chunk = new XorChunk();
            for (int i = 0; i < ts.Length; i++) chunk.Append(ts[i], vs[i]);
            AssertSamples(ts, vs, chunk.ToCompactArray());
            // The live iterator sees the same samples as the persisted bytes.
            var live = chunk.Iterator(null);
            for (int i = 0; i < ts.Length; i++)
            {
                Assert.Equal(ValueKind.Float, live.Next());
                Assert.Equal(ts[i], live.AtT());
            }
            Assert.Equal(ValueKind.None, live.Next());
        }, iter: 400);
    }

    [Fact]
    public void A_capacity_hint_changes_no_byte()
    {
        Gen.Select(Timestamps, Values.Array[200], Gen.Int[-10, 600]).Sample((ts, vs, hint) =>
        {
            var plain = new XorChunk();
            var hinted = new XorChunk(hint);
            for (int i = 0; i < ts.Length; i++)
            {
                plain.Append(ts[i], vs[i]);
                hinted.Append(ts[i], vs[i]);
            }
            Assert.Equal(plain.ToCompactArray(), hinted.ToCompactArray());
        }, iter: 200);
    }

    [Fact]
    public void A_captured_iterator_does_not_see_later_appends_in_a_presized_buffer()
    {
        var chunk = new XorChunk(4096); // no growth: later appends write into the same array
        chunk.Append(1000, 1);
        chunk.Append(2000, 2);
        var it = chunk.Iterator(null);
        for (int i = 3; i < 100; i++) chunk.Append(i * 1000, i * 1.5);
        var seen = new List<(long, double)>();
        while (it.Next() != ValueKind.None) seen.Add((it.AtT(), it.AtF()));
        Assert.Equal([(1000L, 1.0), (2000L, 2.0)], seen);
    }

    [Fact]
    public void A_captured_iterator_does_not_see_later_appends()
    {
        var chunk = new XorChunk();
        chunk.Append(1000, 1);
        chunk.Append(2000, 2);
        var it = chunk.Iterator(null);
        for (int i = 3; i < 100; i++) chunk.Append(i * 1000, i); // grows the buffer too
        int n = 0;
        while (it.Next() != ValueKind.None) n++;
        Assert.Equal(2, n);
    }

    [Fact]
    public void Seek_lands_on_the_first_sample_at_or_after()
    {
        var chunk = new XorChunk();
        for (int i = 0; i < 10; i++) chunk.Append(i * 10, i);
        var it = new XorIterator();
        it.Reset(chunk.ToCompactArray());
        Assert.Equal(ValueKind.Float, it.Seek(35));
        Assert.Equal(40, it.AtT());
        Assert.Equal(ValueKind.Float, it.Seek(20)); // never moves backwards
        Assert.Equal(40, it.AtT());
        Assert.Equal(ValueKind.None, it.Seek(1000));
    }

    [Fact]
    public void Regular_scrape_data_compresses_well()
    {
        // A counter scraped every 15 s with small increments: Gorilla's best case, a few bits a sample.
        var chunk = new XorChunk();
        double v = 0;
        for (int i = 0; i < 120; i++) chunk.Append(1_700_000_000_000 + i * 15_000, v += i % 3);
        Assert.True(chunk.ByteCount < 120 * 3, $"{chunk.ByteCount} bytes for 120 samples");
    }

    [Fact]
    public void Truncated_or_garbage_bytes_end_with_an_error_not_an_exception()
    {
        var chunk = new XorChunk();
        for (int i = 0; i < 50; i++) chunk.Append(i * 1000L, i * 1.5);
        var bytes = chunk.ToCompactArray();
        Gen.Int[0, bytes.Length - 1].Sample(cut =>
        {
            var it = new XorIterator();
            it.Reset(bytes.AsMemory(0, cut));
            int n = 0;
            while (it.Next() != ValueKind.None) n++;
            Assert.True(n < 50);
            Assert.NotNull(it.Error);
        });
        Gen.Byte.Array[0, 64].Sample(garbage =>
        {
            var it = new XorIterator();
            it.Reset(garbage);
            int guard = 0;
            while (it.Next() != ValueKind.None) Assert.True(++guard <= 65535);
        });
    }

    [Fact]
    public void Decodes_a_chunk_inside_a_larger_buffer_and_stops_at_its_end()
    {
        // Block pages hand out slices of one array; the iterator reads 8 bytes at a time, so bytes around the
        // slice (here all ones) must never leak into samples, and a cut slice must still end with an error.
        Gen.Select(Timestamps, Values.Array[200], Gen.Int[0, 40], Gen.Int[0, 1000]).Sample((ts, vs, before, cutSeed) =>
        {
            var chunk = new XorChunk();
            for (int i = 0; i < ts.Length; i++) chunk.Append(ts[i], vs[i]);
            var bytes = chunk.ToCompactArray();
            var buffer = new byte[before + bytes.Length + 40];
            Array.Fill(buffer, (byte)0xFF);
            bytes.CopyTo(buffer, before);
            AssertSamples(ts, vs, buffer.AsMemory(before, bytes.Length));

            int cut = XorChunk.HeaderSize + cutSeed % (bytes.Length - XorChunk.HeaderSize);
            var it = new XorIterator();
            it.Reset(buffer.AsMemory(before, cut));
            int n = 0;
            while (it.Next() != ValueKind.None)
            {
                Assert.Equal(ts[n], it.AtT());
                Assert.Equal(BitConverter.DoubleToUInt64Bits(vs[n]), BitConverter.DoubleToUInt64Bits(it.AtF()));
                n++;
            }
            if (n < ts.Length) Assert.NotNull(it.Error);
        }, iter: 300);
    }

    [Fact]
    public void Long_garbage_ends_without_an_exception()
    {
        Gen.Byte.Array[64, 600].Sample(garbage =>
        {
            var it = new XorIterator();
            it.Reset(garbage);
            int guard = 0;
            while (it.Next() != ValueKind.None) Assert.True(++guard <= 65535);
            Assert.True(guard == (garbage[0] << 8 | garbage[1]) || it.Error is not null);
        });
    }

    private static void AssertSamples(long[] ts, double[] vs, ReadOnlyMemory<byte> bytes)
    {
        var it = new XorIterator();
        it.Reset(bytes);
        for (int i = 0; i < ts.Length; i++)
        {
            Assert.Equal(ValueKind.Float, it.Next());
            Assert.Equal(ts[i], it.AtT());
            Assert.Equal(BitConverter.DoubleToUInt64Bits(vs[i]), BitConverter.DoubleToUInt64Bits(it.AtF()));
        }
        Assert.Equal(ValueKind.None, it.Next());
        Assert.Null(it.Error);
    }
}
