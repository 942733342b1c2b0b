using BenchmarkDotNet.Attributes;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Blocks;
using Vigil.Metrics.Tsdb.Chunks;
using Vigil.Metrics.Tsdb.Head;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Benchmarks;

// Sample iteration, the inner loop of every PromQL range query: (a) one 120-sample XOR chunk, (b) whole
// series through the head's querier (12 chunks each), (c) the same series through a block's querier.
// Counters with small increments and 2-3 digit gauges, 15 s apart. Results are per call; divide by the
// sample count (OperationsPerInvoke is set so the reported time is per sample).
// Run: dotnet run -c Release --project bench/Vigil.Benchmarks -- --filter '*SampleIteration*' --job short

[MemoryDiagnoser]
public class SampleIterationBenchmarks
{
    private const int Series = 100;
    private const int SamplesPerSeries = 1440;
    private const long Start = 1_700_000_000_005;
    private const long End = Start + (SamplesPerSeries - 1) * 15_000L;

    private byte[] _chunk = [];
    private readonly XorIterator _xor = new();
    private Head _head = null!;
    private string _dir = "";
    private Block _block = null!;
    private readonly Matcher[] _all = [Matcher.Create(MatcherType.Regex, "__name__", ".+")];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(3);
        var chunk = new XorChunk();
        double c = 123_456;
        for (int i = 0; i < 120; i++) chunk.Append(Start + i * 15_000L + rng.Next(-2, 3), c += rng.Next(0, 11));
        _chunk = chunk.ToCompactArray();

        _head = new Head(new HeadOptions());
        var app = _head.Appender();
        var blockSeries = new List<BlockSeries>(Series);
        for (int s = 0; s < Series; s++)
        {
            var labels = Labels.Of("__name__", s % 2 == 0 ? "requests_total" : "temperature", "series", s.ToString(System.Globalization.CultureInfo.InvariantCulture));
            ulong sref = 0;
            double counter = rng.Next(0, 1_000_000), level = 20 + rng.NextDouble() * 10;
            var chunks = new List<ChunkData>();
            XorChunk? open = null;
            long first = 0;
            for (int i = 0; i < SamplesPerSeries; i++)
            {
                long t = Start + i * 15_000L;
                double v = s % 2 == 0 ? counter += rng.Next(0, 11) : Math.Round(level += rng.NextDouble() - 0.5, 1);
                app.Append(ref sref, labels, t, v);
                if (open is null) { open = new XorChunk(); first = t; }
                open.Append(t, v);
                if (open.Count == 120) { chunks.Add(new ChunkData(first, t, (byte)ChunkEncoding.Xor, open.ToCompactArray())); open = null; }
            }
            blockSeries.Add(new BlockSeries(labels, chunks));
        }
        app.CommitAsync().AsTask().GetAwaiter().GetResult();
        blockSeries.Sort((a, b) => Labels.Compare(a.Labels, b.Labels));
        _dir = Path.Combine(Path.GetTempPath(), "vigil-bench-iter-" + Guid.NewGuid().ToString("N"));
        var meta = BlockWriter.Write(_dir, Start, End + 1, blockSeries);
        _block = Block.Open(Path.Combine(_dir, meta.Id));
        if (HeadSeries() != (double)Series * SamplesPerSeries || BlockSeriesAll() != (double)Series * SamplesPerSeries)
            throw new InvalidOperationException("setup: wrong sample count");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _block.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>One 120-sample chunk, per sample.</summary>
    [Benchmark(OperationsPerInvoke = 120)]
    public double XorChunk120()
    {
        _xor.Reset(_chunk);
        double sum = 0;
        while (_xor.Next() != ValueKind.None) sum += _xor.AtF() + _xor.AtT();
        return sum;
    }

    /// <summary>100 series x 1440 samples through HeadQuerier (select included), per sample.</summary>
    [Benchmark(OperationsPerInvoke = Series * SamplesPerSeries)]
    public double HeadSeries() => Drain(new HeadQuerier(_head, Start, End));

    /// <summary>The same series from a block (page reads and XOR re-encode included, page cache warm), per sample.</summary>
    [Benchmark(OperationsPerInvoke = Series * SamplesPerSeries)]
    public double BlockSeriesAll() => Drain(_block.Querier(Start, End));

    /// <summary>Select and iterator creation only (no samples read), per sample of HeadSeries: its fixed cost.</summary>
    [Benchmark(OperationsPerInvoke = Series * SamplesPerSeries)]
    public int HeadSelectOnly()
    {
        using var q = new HeadQuerier(_head, Start, End);
        int n = 0;
        SampleIterator? it = null;
        foreach (var s in q.Select(false, _all)) { it = s.Iterator(it); n++; }
        return n;
    }

    private double Drain(IQuerier q)
    {
        using (q)
        {
            double n = 0;
            SampleIterator? it = null;
            foreach (var s in q.Select(false, _all))
            {
                it = s.Iterator(it);
                while (it.Next() != ValueKind.None) n++;
            }
            return n;
        }
    }
}
