using System.Globalization;
using Vigil.Metrics.Ingest.RemoteWrite;
using Vigil.Metrics.Model;

namespace Vigil.Metrics.Tests.Ingest.RemoteWrite;

/// <summary>The remote-write label cache must follow the number of active series instead of thrashing.</summary>
public class SeriesLabelsCacheTests
{
    private static Label[] Set(int i) =>
    [
        new Label("__name__", "node_cpu_seconds_total"),
        new Label("cpu", (i % 64).ToString(CultureInfo.InvariantCulture)),
        new Label("instance", "host-" + (i / 64).ToString(CultureInfo.InvariantCulture)),
    ];

    [Fact]
    public void A_hit_returns_the_same_entry_and_labels()
    {
        var cache = new SeriesLabelsCache();
        var first = cache.Get(Set(7));
        first.Ref = 42;
        var again = cache.Get(Set(7));
        Assert.Same(first, again);
        Assert.Equal(42UL, again.Ref);
        Assert.Equal(Labels.FromSorted(Set(7)), again.Labels);
        Assert.NotSame(first, cache.Get(Set(8)));
    }

    [Fact]
    public void More_series_than_slots_grow_the_table_and_every_repeat_hits()
    {
        const int series = 50_000;
        var cache = new SeriesLabelsCache(capacity: 1024);
        var sets = Enumerable.Range(0, series).Select(Set).ToArray();
        var entries = new CachedSeries[series];
        for (int i = 0; i < series; i++) entries[i] = cache.Get(sets[i]);
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < series; i++) Assert.Same(entries[i], cache.Get(sets[i]));
        }
        // At most half full, and no more than twice what that needs: 2-4 slots per series.
        Assert.Equal(series, cache.Count);
        Assert.InRange(cache.Capacity, 2 * series, 4 * series);
    }

    [Fact]
    public void A_small_steady_set_does_not_grow_the_table()
    {
        var cache = new SeriesLabelsCache(capacity: 4096);
        for (int round = 0; round < 50; round++)
        {
            for (int i = 0; i < 500; i++) cache.Get(Set(i));
        }
        Assert.Equal(4096, cache.Capacity);
        Assert.Equal(500, cache.Count);
        Assert.Equal(SeriesLabelsCache.MaxCapacity, new SeriesLabelsCache(int.MaxValue).Capacity);
    }

    [Fact]
    public void Series_no_longer_sent_are_dropped_so_churn_does_not_grow_the_table()
    {
        long clock = 0;
        var cache = new SeriesLabelsCache(capacity: 1024, staleAfter: TimeSpan.FromMinutes(15), clockMs: () => clock);
        // Generations of 300 series replace each other (pods coming and going), one an hour: 30,000 sets in all.
        for (int generation = 0; generation < 100; generation++)
        {
            clock += 3_600_000;
            for (int round = 0; round < 3; round++)
            {
                for (int i = 0; i < 300; i++) cache.Get(Set((generation * 300) + i));
            }
        }
        Assert.True(cache.Capacity <= 2048, $"capacity {cache.Capacity}");
        Assert.True(cache.Count <= 1024, $"count {cache.Count}");
        // The current generation is still there: the next lookups of its sets hit.
        var entry = cache.Get(Set((99 * 300) + 7));
        Assert.Same(entry, cache.Get(Set((99 * 300) + 7)));
    }

    [Fact]
    public void Concurrent_lookups_during_growth_return_equal_labels()
    {
        var cache = new SeriesLabelsCache(capacity: 64);
        var sets = Enumerable.Range(0, 20_000).Select(Set).ToArray();
        Parallel.For(0, 4, worker =>
        {
            for (int round = 0; round < 3; round++)
            {
                for (int i = worker; i < sets.Length; i += 2)
                {
                    var entry = cache.Get(sets[i]);
                    Assert.True(entry.Labels.AsSpan().SequenceEqual(sets[i]), $"set {i}");
                }
            }
        });
        Assert.True(cache.Capacity > 64);
    }
}
