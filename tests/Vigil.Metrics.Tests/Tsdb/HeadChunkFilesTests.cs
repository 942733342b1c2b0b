using CsCheck;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tests.Tsdb.Blocks;
using Vigil.Metrics.Tsdb.Chunks;
using Vigil.Metrics.Tsdb.Head;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Tests.Tsdb;

public class HeadChunkFilesTests
{
    private static readonly Labels Up = Labels.Of("__name__", "up", "job", "a");

    private static byte[] Chunk(int samples, long t0, Random random)
    {
        var chunk = new XorChunk();
        for (int i = 0; i < samples; i++) chunk.Append(t0 + (i * 15_000L) + random.Next(0, 3), random.NextDouble() * 1000);
        return chunk.ToCompactArray();
    }

    private static List<(long T, double V)> Decode(ReadOnlyMemory<byte> bytes)
    {
        var it = new XorIterator();
        it.Reset(bytes);
        var samples = new List<(long, double)>();
        while (it.Next() != ValueKind.None) samples.Add((it.AtT(), it.AtF()));
        Assert.Null(it.Error);
        return samples;
    }

    [Fact]
    public void Chunks_read_back_exactly_from_the_buffer_the_mapping_and_positioned_reads_across_files()
    {
        Gen.Int[1, 120].List[1, 300].Sample(sizes =>
        {
            using var dir = new TempDir();
            // Small files, so a run spans many of them and chunks meet file ends and buffer flushes.
            using var files = new HeadChunkFiles(Path.Combine(dir.Path, "hc"), segmentSize: 4096);
            var random = new Random(sizes.Count);
            var written = new List<(long Ref, byte[] Bytes)>();
            foreach (int n in sizes)
            {
                var bytes = Chunk(n, 1_000_000, random);
                Assert.True(files.TryAppend(bytes, 1_000_000 + (n * 15_000L), out long reference));
                written.Add((reference, bytes));
                // Readable at once, while still in the write buffer.
                Assert.Equal(bytes, files.Memory(reference).ToArray());
            }
            // What /metrics reports as prometheus_tsdb_head_chunks_storage_size_bytes: every chunk's bytes.
            Assert.Equal(written.Sum(w => (long)w.Bytes.Length), files.Bytes.Written + files.Bytes.Buffered);
            using var lease = files.Acquire();
            foreach (var (reference, bytes) in written)
            {
                var mapped = files.Memory(reference);
                Assert.Equal(bytes, mapped.ToArray());
                // The iterator decodes mapped bytes in place; it must agree with decoding the array.
                Assert.Equal(Decode(bytes), Decode(mapped));
                var copy = new byte[bytes.Length];
                files.Read(reference, copy);
                Assert.Equal(bytes, copy);
            }
        }, iter: 40);
    }

    [Fact]
    public void A_retired_file_stays_mapped_while_an_earlier_lease_is_held_and_is_deleted_after()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "hc");
        using var files = new HeadChunkFiles(path, segmentSize: 4096);
        var random = new Random(1);
        var old = Chunk(120, 0, random);
        Assert.True(files.TryAppend(old, 1_000, out long oldRef));
        // Old chunks fill the first file; the next file gets a newer one too.
        while (Directory.GetFiles(path).Length < 2)
        {
            Assert.True(files.TryAppend(Chunk(120, 0, random), 1_000, out _));
        }
        Assert.True(files.TryAppend(Chunk(120, 10_000_000, random), 20_000_000, out long newest));
        var reader = files.Acquire();
        var mapped = files.Memory(oldRef);
        files.Retire(mint: 5_000_000);
        Assert.Equal(2, Directory.GetFiles(path).Length); // the reader may still read the old file
        Assert.Equal(old, mapped.ToArray());
        reader.Dispose();
        Assert.Single(Directory.GetFiles(path));
        // A newer file is untouched: its chunks end after the truncation point.
        var kept = new byte[ChunkReferenceLength(newest)];
        files.Read(newest, kept);
        Assert.NotEmpty(Decode(kept));
    }

    private static int ChunkReferenceLength(long reference) => (int)(reference & 0xFFFF);

    [Fact]
    public async Task When_no_new_file_can_be_made_chunks_stay_on_the_heap_and_nothing_is_lost()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "hc");
        using var files = new HeadChunkFiles(path, segmentSize: 4096);
        var head = new Vigil.Metrics.Tsdb.Head.Head(new HeadOptions(), null, files);
        var app = head.Appender();
        ulong r = 0;
        for (int i = 0; i < 240; i++) app.Append(ref r, Up, i * 1000L, Math.Sin(i) * 1e6);
        await app.CommitAsync();
        // The directory goes away (as a full or failing disk would refuse new files): closing further chunks
        // cannot roll to a new file, so they are kept in memory instead.
        Directory.Delete(path, recursive: true);
        app = head.Appender();
        for (int i = 240; i < 1000; i++) app.Append(ref r, Up, i * 1000L, Math.Sin(i) * 1e6);
        await app.CommitAsync();

        using var q = new HeadQuerier(head, long.MinValue, long.MaxValue);
        var seen = new List<(long, double)>();
        foreach (var s in q.Select(true, [Matcher.Equal("__name__", "up")]))
        {
            var it = s.Iterator();
            while (it.Next() != ValueKind.None) seen.Add((it.AtT(), it.AtF()));
        }
        // Random-looking values make ~1 KiB chunks: more than the 4 KiB file holds, so some could not be stored.
        Assert.True(files.Bytes.Written + files.Bytes.Buffered < 4096);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (i * 1000L, Math.Sin(i) * 1e6)), seen);
    }

    [Fact]
    public async Task A_query_holding_the_open_chunk_keeps_its_samples_when_the_series_moves_on()
    {
        using var dir = new TempDir();
        using var files = new HeadChunkFiles(Path.Combine(dir.Path, "hc"));
        var head = new Vigil.Metrics.Tsdb.Head.Head(new HeadOptions(), null, files);
        ulong r = 0;
        var app = head.Appender();
        for (int i = 0; i < 60; i++) app.Append(ref r, Up, i * 1000L, i);
        await app.CommitAsync();

        using var q = new HeadQuerier(head, long.MinValue, long.MaxValue);
        var series = Assert.Single(q.Select(true, [Matcher.Equal("__name__", "up")]));
        var it = series.Iterator(); // captures the open chunk: 60 samples
        // The chunk fills, closes and its writer is reused for the next chunk, with other values.
        app = head.Appender();
        for (int i = 60; i < 300; i++) app.Append(ref r, Up, i * 1000L, -i);
        await app.CommitAsync();

        var seen = new List<(long, double)>();
        while (it.Next() != ValueKind.None) seen.Add((it.AtT(), it.AtF()));
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (i * 1000L, (double)i)), seen);
    }
}
