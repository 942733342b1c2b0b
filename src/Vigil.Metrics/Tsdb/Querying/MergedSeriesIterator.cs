namespace Vigil.Metrics.Tsdb.Querying;

/// <summary>
/// Merges the iterators of one series from several sources (blocks, head) by timestamp; a timestamp present
/// in more than one source yields one sample (the first source's), as Prometheus's merging querier does.
/// Sources usually cover disjoint times (blocks, then the head), so while the current source stays below every
/// other source's next timestamp it is read on its own, without comparing all sources per sample.
/// </summary>
internal sealed class MergedSeriesIterator(SampleIterator[] sources) : SampleIterator
{
    private readonly bool[] _started = new bool[sources.Length];
    private int _current = -1;
    private ValueKind _kind;
    private long _lastT = long.MinValue;
    private bool _allStarted;

    /// <summary>The smallest next timestamp among the sources other than the current one.</summary>
    private long _othersMin = long.MaxValue;

    public override ValueKind Current => _kind;
    public override long AtT() => sources[_current].AtT();
    public override double AtF() => sources[_current].AtF();

    public override string? Error
    {
        get
        {
            foreach (var s in sources) if (s.Error is { } e) return e;
            return null;
        }
    }

    public override ValueKind Next()
    {
        if (_allStarted && _current >= 0)
        {
            var source = sources[_current];
            var kind = source.Next();
            if (kind != ValueKind.None)
            {
                long t = source.AtT();
                if (t < _othersMin && t > _lastT)
                {
                    _lastT = t;
                    return _kind = kind;
                }
            }
        }
        for (int i = 0; i < sources.Length; i++)
        {
            if (!_started[i]) { sources[i].Next(); _started[i] = true; }
            // Advance every source past the timestamp just returned (drops duplicates).
            while (sources[i].Current != ValueKind.None && _lastT != long.MinValue && sources[i].AtT() <= _lastT) sources[i].Next();
        }
        _allStarted = true;
        return Pick();
    }

    public override ValueKind Seek(long t)
    {
        if (_kind != ValueKind.None && AtT() >= t) return _kind;
        for (int i = 0; i < sources.Length; i++)
        {
            _started[i] = true;
            sources[i].Seek(t);
        }
        _allStarted = true;
        return Pick();
    }

    private ValueKind Pick()
    {
        _current = -1;
        long best = long.MaxValue, second = long.MaxValue;
        for (int i = 0; i < sources.Length; i++)
        {
            if (sources[i].Current == ValueKind.None) continue;
            long t = sources[i].AtT();
            if (t < best)
            {
                second = best;
                best = t;
                _current = i;
            }
            else if (t < second)
            {
                second = t;
            }
        }
        _othersMin = second;
        if (_current < 0) return _kind = ValueKind.None;
        _lastT = best;
        return _kind = sources[_current].Current;
    }
}
