using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Tests.Tsdb;

/// <summary>A fresh directory per test, removed afterwards.</summary>
internal sealed class TsdbTestDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("vigil-tsdb-").FullName;
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

internal static class TsdbTestSupport
{
    public static Db Open(string dir, TimeSpan? oooWindow = null, Vigil.Metrics.Tsdb.Wal.IWalFileSystem? fs = null, long segmentSize = 64L << 20) =>
        Db.Open(new DbOptions
        {
            Directory = dir,
            OutOfOrderWindow = oooWindow ?? TimeSpan.Zero,
            WalFileSystem = fs,
            WalSegmentSize = segmentSize,
            // These tests look at segments as commits left them.
            CheckpointOnShutdown = false,
        }, NullLogger.Instance);

    /// <summary>Every sample of every series matching <paramref name="matchers"/>, keyed by the label set's text.</summary>
    public static Dictionary<string, List<(long T, double V)>> ReadAll(Vigil.Metrics.Tsdb.Querying.IQueryable db, params Matcher[] matchers)
    {
        if (matchers.Length == 0) matchers = [Matcher.Create(MatcherType.Regex, Labels.MetricName, ".+")];
        var result = new Dictionary<string, List<(long, double)>>();
        using var q = db.Querier(long.MinValue, long.MaxValue);
        foreach (var s in q.Select(sorted: true, matchers))
        {
            var list = new List<(long, double)>();
            var it = s.Iterator();
            while (it.Next() != ValueKind.None) list.Add((it.AtT(), it.AtF()));
            Assert.Null(it.Error);
            result[s.Labels.ToString()] = list;
        }
        return result;
    }
}
