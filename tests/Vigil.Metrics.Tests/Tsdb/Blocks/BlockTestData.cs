using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Blocks;
using Vigil.Metrics.Tsdb.Chunks;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Tests.Tsdb.Blocks;

/// <summary>A temporary directory removed at dispose (one per test, so tests run in parallel).</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vigil-blocks-" + Guid.NewGuid().ToString("N"));

    public TempDir() => Directory.CreateDirectory(Path);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Builds series and reads them back for block tests.</summary>
internal static class BlockTestData
{
    public static List<ChunkData> ToChunks(IReadOnlyList<(long T, double V)> samples, int perChunk = 120)
    {
        var result = new List<ChunkData>();
        for (int i = 0; i < samples.Count; i += perChunk)
        {
            var chunk = new XorChunk();
            int end = Math.Min(samples.Count, i + perChunk);
            for (int j = i; j < end; j++) chunk.Append(samples[j].T, samples[j].V);
            result.Add(new ChunkData(samples[i].T, samples[end - 1].T, (byte)ChunkEncoding.Xor, chunk.ToCompactArray()));
        }
        return result;
    }

    public static BlockSeries Series(Labels labels, IReadOnlyList<(long T, double V)> samples, int perChunk = 120) =>
        new(labels, ToChunks(samples, perChunk));

    public static List<(long T, double V)> Samples(long from, long step, int count, Func<int, double> value)
    {
        var list = new List<(long, double)>(count);
        for (int i = 0; i < count; i++) list.Add((from + i * step, value(i)));
        return list;
    }

    public static List<(long T, double V)> ReadAll(SampleIterator it)
    {
        var list = new List<(long, double)>();
        while (it.Next() != ValueKind.None) list.Add((it.AtT(), it.AtF()));
        Assert.Null(it.Error);
        return list;
    }

    /// <summary>Label set → samples, every series of a querier's result.</summary>
    public static SortedDictionary<string, List<(long T, double V)>> Query(IQuerier q, params Matcher[] matchers)
    {
        var result = new SortedDictionary<string, List<(long, double)>>(StringComparer.Ordinal);
        Labels? previous = null;
        foreach (var s in q.Select(sorted: true, matchers))
        {
            if (previous is not null) Assert.True(Labels.Compare(previous, s.Labels) < 0, $"{s.Labels} after {previous}");
            previous = s.Labels;
            result[s.Labels.ToString()] = ReadAll(s.Iterator());
        }
        return result;
    }

    /// <summary>Compares samples bit for bit (NaN payloads included).</summary>
    public static void AssertSameSamples(IReadOnlyList<(long T, double V)> expected, IReadOnlyList<(long T, double V)> actual, string what)
    {
        Assert.True(expected.Count == actual.Count, $"{what}: {actual.Count} samples, expected {expected.Count}");
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].T == actual[i].T, $"{what}: sample {i} at {actual[i].T}, expected {expected[i].T}");
            Assert.True(BitConverter.DoubleToUInt64Bits(expected[i].V) == BitConverter.DoubleToUInt64Bits(actual[i].V),
                $"{what}: sample {i} value {actual[i].V} (0x{BitConverter.DoubleToUInt64Bits(actual[i].V):x16}), expected {expected[i].V} (0x{BitConverter.DoubleToUInt64Bits(expected[i].V):x16})");
        }
    }

    public static void AssertSameResult(SortedDictionary<string, List<(long T, double V)>> expected, SortedDictionary<string, List<(long T, double V)>> actual, string what)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (key, samples) in expected) AssertSameSamples(samples, actual[key], $"{what} {key}");
    }
}
