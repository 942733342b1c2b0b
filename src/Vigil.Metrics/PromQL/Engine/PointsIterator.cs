using Vigil.Metrics.PromQL.Values;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.PromQL.Engine;

/// <summary>
/// A sample iterator over points already in memory (a subquery's result), so range functions read
/// subqueries through the same window code as stored series (upstream wraps them with NewStorageSeries).
/// </summary>
internal sealed class PointsIterator : SampleIterator
{
    private List<FPoint> _points = [];
    private int _index = -1;

    public PointsIterator Reset(List<FPoint> points)
    {
        _points = points;
        _index = -1;
        return this;
    }

    public override ValueKind Current => _index >= 0 && _index < _points.Count ? ValueKind.Float : ValueKind.None;

    public override ValueKind Next()
    {
        if (_index < _points.Count) _index++;
        return Current;
    }

    public override ValueKind Seek(long t)
    {
        if (_index < 0) _index = 0;
        if (_index >= _points.Count) return ValueKind.None;
        if (_points[_index].T >= t) return ValueKind.Float;
        // Binary search the first point at or after t, from the current position (never backwards).
        int lo = _index, hi = _points.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_points[mid].T < t) lo = mid + 1;
            else hi = mid;
        }
        _index = lo;
        return Current;
    }

    public override long AtT() => _points[_index].T;
    public override double AtF() => _points[_index].F;
}
