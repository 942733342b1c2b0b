using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb;

namespace Vigil.Benchmarks;

/// <summary>
/// Appending through the TSDB with its WAL (flush policy, the default): one commit of 1,000 samples, as one
/// scrape or remote write request brings them. Covers record encoding, the write(2), and applying to the head.
/// </summary>
[MemoryDiagnoser]
public class WalAppendBenchmarks
{
    private const int Series = 1000;
    private string _dir = "";
    private Db _db = null!;
    private Labels[] _labels = [];
    private ulong[] _refs = [];
    private long _t;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("vigil-bench-wal-").FullName;
        _db = Db.Open(new DbOptions { Directory = _dir }, NullLogger.Instance);
        _labels = new Labels[Series];
        _refs = new ulong[Series];
        for (int i = 0; i < Series; i++)
            _labels[i] = Labels.Of("__name__", "http_requests_total", "instance", "host-" + (i % 50), "path", "/api/" + i, "job", "bench");
        _t = 1_700_000_000_000;
    }

    [Benchmark(OperationsPerInvoke = Series)]
    public async Task CommitThousandSamples()
    {
        var app = _db.Appender();
        _t += 15_000;
        for (int i = 0; i < Series; i++) app.Append(ref _refs[i], _labels[i], _t, _t / 15_000 + i);
        await app.CommitAsync();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _db.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_dir, recursive: true);
    }
}
