using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.PromQL.Engine;

/// <summary>
/// Reads one series' instant values for ascending evaluation times (upstream vectorSelectorSingle over a
/// MemoizedSeriesIterator): the latest sample at or before the reference time, if it is newer than
/// reference − lookback (the window is left-open in Prometheus 3) and is not a staleness marker.
/// Remembers the previous sample itself, so consecutive steps never re-read storage; one instance is
/// reused for every series of a selector.
/// </summary>
internal sealed class LookbackCursor
{
    private SampleIterator _it = SampleIterator.Empty;
    private ValueKind _kind;
    private bool _started;
    private bool _hasPrev;
    private long _prevT;
    private double _prevF;

    public void Reset(SampleIterator it)
    {
        _it = it;
        _started = false;
        _hasPrev = false;
        _kind = ValueKind.None;
    }

    /// <summary>The sample visible at <paramref name="refTime"/>; false when none (or a stale marker) is within the lookback.</summary>
    public bool TryGet(long refTime, long lookbackMs, out long t, out double f)
    {
        long windowStart = refTime - lookbackMs; // exclusive
        if (!_started)
        {
            _kind = _it.Seek(windowStart + 1);
            _started = true;
            _hasPrev = false;
        }
        else if (_kind != ValueKind.None && _it.AtT() <= windowStart)
        {
            // Jump over samples that cannot be visible any more instead of reading them one by one.
            _kind = _it.Seek(windowStart + 1);
            _hasPrev = false;
        }
        while (_kind != ValueKind.None)
        {
            long at = _it.AtT();
            if (at > refTime) break;
            // Only float samples exist in the store today; native histograms would be read here (H on the sample).
            if (_kind == ValueKind.Float)
            {
                _prevT = at;
                _prevF = _it.AtF();
                _hasPrev = true;
            }
            _kind = _it.Next();
        }
        if (_kind == ValueKind.None && _it.Error is { } error) throw QueryEvaluationException.Execution(error);
        t = _prevT;
        f = _prevF;
        return _hasPrev && _prevT > windowStart && _prevT <= refTime && !StaleNaN.Is(_prevF);
    }
}
