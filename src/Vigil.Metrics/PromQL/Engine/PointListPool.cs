using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.PromQL.Engine;

/// <summary>
/// Point lists of intermediate results, handed back once their consumer is done with them and handed out
/// again to the next node of the same query (upstream pools FPoint slices across queries with zeropool; a
/// per-query pool needs no locking). Only lists that nothing refers to any more may be returned.
/// </summary>
internal sealed class PointListPool
{
    // Upstream caps pooled slice sizes at 5000 points; larger lists grow as needed.
    private const int MaxInitialCapacity = 5000;
    private readonly Stack<List<FPoint>> _free = new();

    public List<FPoint> Rent(int expectedPoints)
    {
        if (_free.TryPop(out var list)) return list;
        return new List<FPoint>(Math.Min(Math.Max(expectedPoints, 1), MaxInitialCapacity));
    }

    public void Return(List<FPoint> list)
    {
        list.Clear();
        _free.Push(list);
    }

    /// <summary>Returns every series' point list of a matrix that is no longer needed.</summary>
    public void Return(Matrix matrix)
    {
        foreach (var series in matrix)
        {
            if (series.Floats.Capacity > 0) Return(series.Floats);
            series.Floats = [];
        }
    }
}
