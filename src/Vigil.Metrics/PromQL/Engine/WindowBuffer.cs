using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Values;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.PromQL.Engine;

/// <summary>
/// The points of one series inside a sliding window (mint, maxt] for ascending windows (upstream
/// matrixIterSlice over a BufferedSeriesIterator): points that fall out on the left are dropped, only
/// newer samples are read from the iterator, staleness markers are skipped. The point list is reused
/// across steps and series, so the hot loop allocates nothing once it has grown.
/// </summary>
internal sealed class WindowBuffer
{
    private SampleIterator _it = SampleIterator.Empty;
    private ValueKind _kind;
    private bool _started;

    /// <summary>The current window's points, ascending; owned by the buffer (copy to keep).</summary>
    public List<FPoint> Points { get; } = new(16);

    public void Reset(SampleIterator it)
    {
        _it = it;
        _started = false;
        _kind = ValueKind.None;
        Points.Clear();
    }

    /// <summary>Moves the window to (<paramref name="mint"/>, <paramref name="maxt"/>] and returns how many points were added.</summary>
    public int Fill(long mint, long maxt, QueryContext ctx)
    {
        // Drop points at or before mint (they are ascending).
        int drop = 0;
        while (drop < Points.Count && Points[drop].T <= mint) drop++;
        if (drop > 0)
        {
            Points.RemoveRange(0, drop);
            ctx.CurrentSamples -= drop;
        }
        if (mint >= maxt) return 0;

        if (!_started)
        {
            _kind = _it.Seek(mint + 1);
            _started = true;
        }
        else if (_kind != ValueKind.None && _it.AtT() <= mint)
        {
            _kind = _it.Seek(mint + 1);
        }
        // The hot loop of every range function: locals only, and the sample limit checked once per fill (a window
        // over the limit still fails the query, one window later at most).
        var it = _it;
        var kind = _kind;
        var points = Points;
        long last = points.Count == 0 ? long.MinValue : points[^1].T;
        int before = points.Count;
        while (kind != ValueKind.None)
        {
            long t = it.AtT();
            if (t > maxt) break;
            // Only float samples exist in the store today; native histogram points would go to a second list.
            if (kind == ValueKind.Float && t > last)
            {
                double f = it.AtF();
                if (!StaleNaN.Is(f))
                {
                    points.Add(new FPoint(t, f));
                    last = t;
                }
            }
            kind = it.Next();
        }
        _kind = kind;
        int added = points.Count - before;
        if (added > 0) ctx.AddSamples(added);
        if (_kind == ValueKind.None && _it.Error is { } error) throw QueryEvaluationException.Execution(error);
        return added;
    }

    /// <summary>Forgets the points (and their sample count) when the series is done.</summary>
    public void Release(QueryContext ctx)
    {
        ctx.CurrentSamples -= Points.Count;
        Points.Clear();
    }
}
