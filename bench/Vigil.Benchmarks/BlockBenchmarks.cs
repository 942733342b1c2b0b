using BenchmarkDotNet.Attributes;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Blocks;
using Vigil.Metrics.Tsdb.Chunks;
using Vigil.Metrics.Tsdb.Index;

namespace Vigil.Benchmarks;

// TSDB blocks: postings intersection over a block index, chunk column encode/decode, page decode (zstd +
// columns + XOR re-encode), and the on-disk size target. GlobalSetup writes one block of 1000 series x 2h
// at 15s (counters with small increments, gauges with 2-3 significant digits, constants) and fails the run
// when it takes more than 1.0 byte per sample on disk (docs/formats/metrics-block.md explains the format).
// Run: dotnet run -c Release --project bench/Vigil.Benchmarks -- --filter '*BlockBenchmarks*'

[MemoryDiagnoser]
public class BlockBenchmarks
{
    public const double MaxBytesPerSample = 1.0;

    private string _dir = "";
    private Block _block = null!;
    private long[] _ts = [];
    private double[] _counter = [];
    private double[] _gauge = [];
    private readonly BlockBuffer _out = new(4096);
    private byte[] _page = [];

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "vigil-bench-blocks-" + Guid.NewGuid().ToString("N"));
        var series = RealisticSeries(1000, 1);
        var meta = BlockWriter.Write(_dir, Start, Start + 2 * 3600_000, series);
        _block = Block.Open(Path.Combine(_dir, meta.Id));
        double perSample = (double)_block.SizeBytes / meta.NumSamples;
        Console.WriteLine($"// block: {meta.NumSamples:N0} samples, {_block.SizeBytes:N0} bytes on disk: {perSample:F3} bytes/sample (target {MaxBytesPerSample})");
        if (perSample > MaxBytesPerSample) throw new InvalidOperationException($"{perSample:F3} bytes/sample exceeds the {MaxBytesPerSample} target");

        _ts = Enumerable.Range(0, 120).Select(i => Start + i * 15_000L).ToArray();
        var rng = new Random(2);
        double c = 123_456, g = 23.4;
        _counter = Enumerable.Range(0, 120).Select(_ => c += rng.Next(0, 11)).ToArray();
        _gauge = Enumerable.Range(0, 120).Select(_ => g = Math.Round(g + (rng.NextDouble() - 0.5), 1)).ToArray();

        // One raw page (uncompressed content) for the decode benchmark.
        var headers = new BlockBuffer();
        var tsCols = new BlockBuffer();
        var vCols = new BlockBuffer();
        var t = new BlockBuffer();
        var v = new BlockBuffer();
        for (int i = 0; i < 128; i++)
        {
            t.Clear();
            v.Clear();
            byte mode = ChunkColumns.EncodeChunk(_ts, i % 2 == 0 ? _counter : _gauge, t, v);
            headers.WriteVarint(120);
            headers.WriteByte(mode);
            headers.WriteVarint((ulong)t.Length);
            headers.WriteVarint((ulong)v.Length);
            tsCols.Write(t.Span);
            vCols.Write(v.Span);
        }
        var page = new BlockBuffer();
        page.WriteVarint(128);
        page.Write(headers.Span);
        page.Write(tsCols.Span);
        page.Write(vCols.Span);
        _page = page.Span.ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _block.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>job="job-1" (scattered: bitmap) ∩ __name__=~"requests_total_.*" (runs): 180 of 1000 series.</summary>
    [Benchmark]
    public int PostingsIntersect()
    {
        var names = _block.Index.PostingsForValues("__name__", n => n.StartsWith("requests_total_", StringComparison.Ordinal));
        var p = PostingsOps.Intersect([_block.Index.Postings("job", "job-1"), PostingsOps.Merge(names)]);
        int n = 0;
        while (p.Next()) n++;
        return n;
    }

    [Benchmark]
    public int EncodeCounterChunk()
    {
        _out.Clear();
        ChunkColumns.EncodeChunk(_ts, _counter, _out, _out);
        return _out.Length;
    }

    [Benchmark]
    public int EncodeGaugeChunk()
    {
        _out.Clear();
        ChunkColumns.EncodeChunk(_ts, _gauge, _out, _out);
        return _out.Length;
    }

    /// <summary>128 chunks x 120 samples: column decode and XOR re-encode (what a page cache miss costs after zstd).</summary>
    [Benchmark]
    public int DecodePageToXor() => ChunkPage.DecodeToXor(_page).ChunkCount;

    /// <summary>A page from disk: pread, CRC, zstd, decode (uncached).</summary>
    [Benchmark]
    public int ReadPageFromDisk() => _block.Chunks.ReadPage(0).ChunkCount;

    private const long Start = 1_700_000_000_005;

    internal static List<BlockSeries> RealisticSeries(int seriesCount, int seed)
    {
        var rng = new Random(seed);
        var result = new List<BlockSeries>(seriesCount);
        for (int s = 0; s < seriesCount; s++)
        {
            int kind = s % 20 < 9 ? 0 : s % 20 < 18 ? 1 : 2;
            var labels = Labels.Of("__name__", $"{(kind == 0 ? "requests_total" : kind == 1 ? "temperature" : "up")}_{s % 50}",
                "job", $"job-{s % 5}", "instance", $"10.0.{s % 17}.{s % 23}:9100", "series", s.ToString(System.Globalization.CultureInfo.InvariantCulture));
            double counter = rng.Next(0, 1_000_000);
            double level = Math.Pow(10, rng.Next(-1, 4)) * (1 + rng.NextDouble() * 9);
            int digits = rng.Next(2, 4);
            var chunks = new List<ChunkData>();
            XorChunk? chunk = null;
            long first = 0, last = 0;
            for (int i = 0; i < 480; i++)
            {
                long t = Start + i * 15_000L;
                double v = kind switch
                {
                    0 => counter += rng.Next(0, 11),
                    1 => Significant(level *= 1 + (rng.NextDouble() - 0.5) * 0.02, digits),
                    _ => 1,
                };
                if (chunk is null) { chunk = new XorChunk(); first = t; }
                chunk.Append(t, v);
                last = t;
                if (chunk.Count == 120) { chunks.Add(new ChunkData(first, last, (byte)ChunkEncoding.Xor, chunk.ToCompactArray())); chunk = null; }
            }
            result.Add(new BlockSeries(labels, chunks));
        }
        result.Sort((a, b) => Labels.Compare(a.Labels, b.Labels));
        return result;
    }

    private static double Significant(double v, int digits)
    {
        int decimals = Math.Clamp(digits - ((int)Math.Floor(Math.Log10(Math.Abs(v))) + 1), 0, 15);
        return double.Parse(v.ToString("F" + decimals, System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
    }
}
