using Vigil.Metrics.Model;

namespace Vigil.Metrics.Tsdb.Querying;

/// <summary>A series returned by a querier: its labels and a way to iterate its samples in the queried range.</summary>
public abstract class Series
{
    public abstract Labels Labels { get; }

    /// <summary>A fresh iterator, or <paramref name="reuse"/> reset when it is of the right kind (saves allocations in the engine).</summary>
    public abstract SampleIterator Iterator(SampleIterator? reuse = null);
}
