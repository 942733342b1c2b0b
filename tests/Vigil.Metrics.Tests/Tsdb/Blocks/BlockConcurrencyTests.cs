using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Blocks;
using Vigil.Metrics.Tsdb.Querying;
using static Vigil.Metrics.Tests.Tsdb.Blocks.BlockTestData;

namespace Vigil.Metrics.Tests.Tsdb.Blocks;

public class BlockConcurrencyTests
{
    [Fact]
    public async Task Queries_run_while_series_are_deleted_and_the_block_is_retired()
    {
        using var dir = new TempDir();
        var series = Enumerable.Range(0, 40)
            .Select(i => Series(Labels.Of("__name__", "m", "i", i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)), Samples(0, 1000, 400, j => i + j)))
            .ToList();
        var meta = BlockWriter.Write(dir.Path, 0, 400_000, series, 1, null, null, new ChunksFileOptions { PageSamples = 1000 });
        string path = Path.Combine(dir.Path, meta.Id);
        var cache = new PageCache(64 * 1024); // small: pages are evicted and re-read while others use them
        var block = Block.Open(path, cache);
        using var stop = new CancellationTokenSource();
        var matcher = Matcher.Equal("__name__", "m");

        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            int queries = 0;
            while (!stop.IsCancellationRequested)
            {
                IQuerier q;
                try { q = block.Querier(0, 400_000); }
                catch (ObjectDisposedException) { break; }
                using (q)
                {
                    foreach (var s in q.Select(true, [matcher]))
                    {
                        int n = ReadAll(s.Iterator()).Count;
                        // Whole, or without the deleted 100 s of one of the deletes below.
                        Assert.True(n is 400 or 300 or 200, $"{s.Labels}: {n} samples");
                    }
                }
                queries++;
            }
            return queries;
        })).ToArray();

        for (int i = 0; i < 40; i += 2)
        {
            block.Delete([Matcher.Equal("i", i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture))], 100_000, 199_999);
            await Task.Yield();
        }
        block.Delete([Matcher.Equal("i", "01")], 300_000, 399_999);
        block.MarkForDeletion();
        block.Dispose();
        await stop.CancelAsync();
        int[] counts = await Task.WhenAll(readers);
        Assert.All(counts, c => Assert.True(c >= 0));
        Assert.False(Directory.Exists(path));
        Assert.Equal(0, cache.Count);
    }
}
