using CsCheck;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Blocks;
using Vigil.Metrics.Tsdb.Querying;
using Vigil.Metrics.Tsdb.Tombstones;
using static Vigil.Metrics.Tests.Tsdb.Blocks.BlockTestData;

namespace Vigil.Metrics.Tests.Tsdb.Blocks;

/// <summary>Every damaged file is caught: at open (meta, index, tombstones, chunks header/length) or at read (chunk pages).</summary>
public class BlockCorruptionTests
{
    private static readonly Matcher All = Matcher.Create(MatcherType.Regex, "__name__", ".+");

    private static (TempDir Dir, string Block, string Id) SmallBlock(bool withTombstone = true, int seriesCount = 12)
    {
        var dir = new TempDir();
        var series = Enumerable.Range(0, seriesCount)
            .Select(i => Series(Labels.Of("__name__", $"m{i % 3}", "i", i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)), Samples(0, 15_000, 200, j => i * 1000 + j)))
            .OrderBy(s => s.Labels, Comparer<Labels>.Create(Labels.Compare)).ToList();
        var meta = BlockWriter.Write(dir.Path, 0, 7_200_000, series, 1, null, null, new ChunksFileOptions { PageSamples = 500 });
        string path = Path.Combine(dir.Path, meta.Id);
        if (withTombstone)
        {
            using var b = Block.Open(path);
            b.Delete([Matcher.Equal("__name__", "m1")], 30_000, 60_000);
        }
        return (dir, path, meta.Id);
    }

    [Theory]
    [InlineData("meta.json")]
    [InlineData("index")]
    [InlineData("tombstones")]
    public void Every_flipped_byte_fails_open_naming_the_file(string file)
    {
        var (dir, block, id) = SmallBlock(seriesCount: 4);
        using var _ = dir;
        string path = Path.Combine(block, file);
        byte[] original = File.ReadAllBytes(path);
        for (int i = 0; i < original.Length; i++)
        {
            foreach (byte flip in new byte[] { (byte)(1 << (i % 8)) })
            {
                var damaged = (byte[])original.Clone();
                damaged[i] ^= flip;
                File.WriteAllBytes(path, damaged);
                var e = Assert.Throws<CorruptBlockException>(() => Block.Open(block).Dispose());
                Assert.StartsWith($"block {id}: {file}: ", e.Message);
            }
        }
        File.WriteAllBytes(path, original);
        Block.Open(block).Dispose();
    }

    [Theory]
    [InlineData("meta.json")]
    [InlineData("index")]
    [InlineData("tombstones")]
    [InlineData("chunks")]
    public void Truncated_files_fail_open(string file)
    {
        var (dir, block, id) = SmallBlock();
        using var _ = dir;
        string path = Path.Combine(block, file);
        byte[] original = File.ReadAllBytes(path);
        foreach (int length in new[] { 0, 1, original.Length / 2, original.Length - 1 })
        {
            File.WriteAllBytes(path, original[..length]);
            var e = Assert.Throws<CorruptBlockException>(() => Block.Open(block).Dispose());
            Assert.StartsWith($"block {id}: {file}: ", e.Message);
        }
    }

    [Theory]
    [InlineData("meta.json")]
    [InlineData("index")]
    [InlineData("tombstones")]
    [InlineData("chunks")]
    public void Missing_files_fail_open(string file)
    {
        var (dir, block, id) = SmallBlock();
        using var _ = dir;
        File.Delete(Path.Combine(block, file));
        var e = Assert.Throws<CorruptBlockException>(() => Block.Open(block).Dispose());
        Assert.Equal($"block {id}: {file}: missing", e.Message);
    }

    [Fact]
    public void Messages_say_what_is_wrong()
    {
        var (dir, block, id) = SmallBlock();
        using var _ = dir;
        string index = Path.Combine(block, "index");
        byte[] bytes = File.ReadAllBytes(index);
        bytes[20] ^= 0xFF; // inside the symbols section
        File.WriteAllBytes(index, bytes);
        var e = Assert.Throws<CorruptBlockException>(() => Block.Open(block));
        Assert.Matches($"^block {id}: index: symbols section checksum mismatch \\(stored [0-9a-f]{{8}}, computed [0-9a-f]{{8}}\\)$", e.Message);

        string meta = Path.Combine(block, "meta.json");
        File.WriteAllText(meta, "{}\n");
        e = Assert.Throws<CorruptBlockException>(() => Block.Open(block));
        Assert.Equal($"block {id}: meta.json: too short", e.Message);
    }

    [Fact]
    public void A_damaged_chunks_header_fails_open()
    {
        var (dir, block, id) = SmallBlock();
        using var _ = dir;
        string path = Path.Combine(block, "chunks");
        byte[] bytes = File.ReadAllBytes(path);
        bytes[1] ^= 0x20;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<CorruptBlockException>(() => Block.Open(block));
        Assert.Equal($"block {id}: chunks: bad magic", e.Message);
    }

    [Fact]
    public void A_damaged_page_is_an_iterator_error_at_query_time_and_fails_verify()
    {
        var (dir, block, id) = SmallBlock(withTombstone: false);
        using var _ = dir;
        string path = Path.Combine(block, "chunks");
        byte[] bytes = File.ReadAllBytes(path);
        bytes[ChunksFileWriter.HeaderSize + 20] ^= 0x04; // inside the first page's payload
        File.WriteAllBytes(path, bytes);

        using var b = Block.Open(block, new PageCache(1 << 20));
        using var q = b.Querier(0, 7_200_000);
        int failed = 0, fine = 0;
        foreach (var s in q.Select(true, [All]))
        {
            var it = s.Iterator();
            while (it.Next() != ValueKind.None) { }
            if (it.Error is { } error)
            {
                failed++;
                Assert.StartsWith($"block {id}: chunks page 0 at offset 8: checksum mismatch", error);
            }
            else fine++;
        }
        Assert.True(failed > 0 && fine > 0, $"{failed} failed, {fine} fine");
        var e = Assert.Throws<CorruptBlockException>(b.Verify);
        Assert.StartsWith($"block {id}: chunks: chunks page 0", e.Message);
        Assert.Throws<CorruptBlockException>(() => b.AllSeries().ToList());
    }

    [Fact]
    public void A_block_directory_under_another_name_is_refused()
    {
        var (dir, block, id) = SmallBlock(withTombstone: false);
        using var _ = dir;
        string other = Path.Combine(dir.Path, Ulid.New());
        Directory.Move(block, other);
        var e = Assert.Throws<CorruptBlockException>(() => Block.Open(other));
        Assert.Contains($"ulid {id} does not match the directory name", e.Message);
    }

    [Fact]
    public void Garbage_tombstone_files_fail_only_with_invalid_data()
    {
        Gen.Byte.Array[0, 80].Sample(bytes =>
        {
            try { TombstoneFile.Parse(bytes, 100); }
            catch (InvalidDataException) { }
        }, iter: 3_000);
    }
}
