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
    public void More_series_than_slots_grow_the_table_until_repeats_hit()
    {
        const int series = 50_000;
        var cache = new SeriesLabelsCache(capacity: 1024);
        var sets = Enumerable.Range(0, series).Select(Set).ToArray();
        var entries = new CachedSeries[series];
        for (int round = 0; round < 4; round++)
        {
            for (int i = 0; i < series; i++) entries[i] = cache.Get(sets[i]);
        }
        Assert.True(cache.Capacity >= series, $"capacity {cache.Capacity}");
        int misses = 0;
        for (int i = 0; i < series; i++)
        {
            if (!ReferenceEquals(entries[i], cache.Get(sets[i]))) misses++;
        }
        // A few groups of four may still hold five sets of a round; nearly every lookup hits.
        Assert.True(misses < series / 100, $"{misses} misses of {series}");
    }

    [Fact]
    public void Growth_stops_at_the_maximum_and_a_small_steady_set_does_not_grow_it()
    {
        var cache = new SeriesLabelsCache(capacity: 4096);
        for (int round = 0; round < 50; round++)
        {
            for (int i = 0; i < 500; i++) cache.Get(Set(i));
        }
        // 500 sets in 1,024 groups of four rarely overflow one: at most one doubling in 25,000 lookups.
        Assert.True(cache.Capacity <= 8192, $"capacity {cache.Capacity}");
        Assert.Equal(SeriesLabelsCache.MaxCapacity, new SeriesLabelsCache(int.MaxValue).Capacity);
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
