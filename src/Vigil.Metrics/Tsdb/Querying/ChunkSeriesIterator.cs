using Vigil.Metrics.Tsdb.Chunks;
using Vigil.Metrics.Tsdb.Head;

namespace Vigil.Metrics.Tsdb.Querying;

/// <summary>
/// Iterates a series' chunks in order (they do not overlap within one source), limited to [mint, maxt]
/// and skipping deleted intervals (tombstones). One chunk iterator is reused across chunks of the same
/// encoding, so iterating allocates per series, not per chunk or sample. XOR chunks (all of them today) are
/// called through a typed field: a direct call per sample instead of a virtual one.
/// </summary>
internal sealed class ChunkSeriesIterator : SampleIterator
{
    private List<ChunkSnapshot> _chunks = [];
    private (long MinT, long MaxT)[] _deleted = [];
    private long _mint, _maxt;
    private int _index = -1;
    private SampleIterator? _current;
    private XorIterator? _xor; // _current when it is an XorIterator
    private long _t;
    private SampleIterator? _reusable;
    private ValueKind _kind;
    private string? _error;

    public void Reset(List<ChunkSnapshot> chunks, long mint, long maxt, IReadOnlyList<(long MinT, long MaxT)>? deleted = null)
    {
        _chunks = chunks;
        _mint = mint;
        _maxt = maxt;
        _deleted = deleted is { Count: > 0 } ? [.. deleted] : [];
        _index = -1;
        _current = null;
        _xor = null;
        _kind = ValueKind.None;
        _error = null;
    }

    public override ValueKind Current => _kind;
    public override long AtT() => _t;
    public override double AtF() => _xor is { } xor ? xor.AtF() : _current!.AtF();
    public override string? Error => _error;

    public override ValueKind Next()
    {
        if (_kind == ValueKind.None && _index >= _chunks.Count) return ValueKind.None;
        while (true)
        {
            if (_current is null && !OpenNextChunk()) return _kind = ValueKind.None;
            var xor = _xor;
            var kind = xor is not null ? xor.Next() : _current!.Next();
            if (kind == ValueKind.None)
            {
                if (_current!.Error is { } error) { _error = error; _index = _chunks.Count; return _kind = ValueKind.None; }
                _current = _xor = null;
                continue;
            }
            long t = xor is not null ? xor.AtT() : _current!.AtT();
            if (t < _mint)
            {
                if ((kind = _current!.Seek(_mint)) == ValueKind.None)
                {
                    if (_current.Error is { } error) { _error = error; _index = _chunks.Count; return _kind = ValueKind.None; }
                    _current = _xor = null;
                    continue;
                }
                t = _current.AtT();
            }
            if (t > _maxt) { _index = _chunks.Count; _current = _xor = null; return _kind = ValueKind.None; }
            if (_deleted.Length != 0 && IsDeleted(t)) continue;
            _t = t;
            return _kind = kind;
        }
    }

    public override ValueKind Seek(long t)
    {
        if (_kind != ValueKind.None && _t >= t) return _kind;
        if (t < _mint) t = _mint;
        // Skip whole chunks that end before t.
        while (true)
        {
            if (_current is null)
            {
                while (_index + 1 < _chunks.Count && _chunks[_index + 1].MaxT < t) _index++;
                if (!OpenNextChunk()) return _kind = ValueKind.None;
            }
            var kind = _current!.Seek(t);
            if (kind == ValueKind.None)
            {
                if (_current.Error is { } error) { _error = error; _index = _chunks.Count; return _kind = ValueKind.None; }
                _current = _xor = null;
                continue;
            }
            long at = _current.AtT();
            if (at > _maxt) { _index = _chunks.Count; _current = _xor = null; return _kind = ValueKind.None; }
            _t = at;
            if (_deleted.Length != 0 && IsDeleted(at)) { _kind = kind; return Next(); }
            return _kind = kind;
        }
    }

    private bool OpenNextChunk()
    {
        while (++_index < _chunks.Count)
        {
            var chunk = _chunks[_index];
            if (chunk.MaxT < _mint || chunk.MinT > _maxt) continue;
            if (chunk.Live is not null) _current = chunk.Live;
            else _current = _reusable = ChunkDecoder.Iterator(chunk.Encoding, chunk.Data, _reusable);
            _xor = _current as XorIterator;
            return true;
        }
        return false;
    }

    private bool IsDeleted(long t)
    {
        foreach (var (min, max) in _deleted)
            if (t >= min && t <= max) return true;
        return false;
    }
}
