using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Index;

namespace Vigil.Metrics.Tsdb.Head;

/// <summary>
/// The head's inverted index: label name → value → sorted series refs, plus the list of all refs.
/// Writers (series creation, garbage collection) take the write lock; readers take the read lock only to
/// capture an (array, count) pair. Appending a ref larger than the last one writes past the published
/// count and then publishes, so captured snapshots stay valid without copying; the rare out-of-order
/// insert (two appenders racing to create series) and deletions build new arrays.
/// </summary>
internal sealed class MemPostings
{
    private readonly Dictionary<string, Dictionary<string, RefList>> _index = new(StringComparer.Ordinal);
    private readonly RefList _all = new();
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);

    public void Add(ulong seriesRef, Labels labels)
    {
        _lock.EnterWriteLock();
        try
        {
            _all.Add(seriesRef);
            foreach (var label in labels.AsSpan())
            {
                if (!_index.TryGetValue(label.Name, out var values))
                    _index[label.Name] = values = new Dictionary<string, RefList>(StringComparer.Ordinal);
                if (!values.TryGetValue(label.Value, out var list))
                    values[label.Value] = list = new RefList();
                list.Add(seriesRef);
            }
        }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>Removes garbage-collected series (their labels say which lists to touch).</summary>
    public void Delete(IReadOnlyCollection<MemSeries> removed)
    {
        if (removed.Count == 0) return;
        var refs = new HashSet<ulong>(removed.Select(s => s.Ref));
        _lock.EnterWriteLock();
        try
        {
            _all.RemoveAll(refs);
            foreach (var series in removed)
            {
                foreach (var label in series.Labels.AsSpan())
                {
                    if (!_index.TryGetValue(label.Name, out var values) || !values.TryGetValue(label.Value, out var list)) continue;
                    list.RemoveAll(refs);
                    if (list.Count == 0)
                    {
                        values.Remove(label.Value);
                        if (values.Count == 0) _index.Remove(label.Name);
                    }
                }
            }
        }
        finally { _lock.ExitWriteLock(); }
    }

    public Postings Get(string name, string value)
    {
        _lock.EnterReadLock();
        try
        {
            return _index.TryGetValue(name, out var values) && values.TryGetValue(value, out var list) ? list.Snapshot() : Postings.Empty;
        }
        finally { _lock.ExitReadLock(); }
    }

    public Postings All()
    {
        _lock.EnterReadLock();
        try { return _all.Snapshot(); }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>Postings of every value of <paramref name="name"/> that <paramref name="accept"/> accepts.</summary>
    public List<Postings> ForValues(string name, Func<string, bool> accept)
    {
        var result = new List<Postings>();
        _lock.EnterReadLock();
        try
        {
            if (_index.TryGetValue(name, out var values))
                foreach (var (value, list) in values)
                    if (accept(value)) result.Add(list.Snapshot());
        }
        finally { _lock.ExitReadLock(); }
        return result;
    }

    public List<string> LabelNames()
    {
        _lock.EnterReadLock();
        try { return [.. _index.Keys]; }
        finally { _lock.ExitReadLock(); }
    }

    public List<string> LabelValues(string name)
    {
        _lock.EnterReadLock();
        try { return _index.TryGetValue(name, out var values) ? [.. values.Keys] : []; }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>Series count per label name and per name=value pair, for the TSDB status page.</summary>
    public (List<(string Name, int Values)> Names, List<(string Pair, int Series)> Pairs) Cardinality()
    {
        _lock.EnterReadLock();
        try
        {
            var names = _index.Select(kv => (kv.Key, kv.Value.Count)).ToList();
            var pairs = _index.SelectMany(kv => kv.Value.Select(v => (kv.Key + "=" + v.Key, v.Value.Count))).ToList();
            return (names, pairs);
        }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>A growable sorted ref array. Mutated only under the write lock.</summary>
    private sealed class RefList
    {
        private ulong[] _refs = new ulong[2];
        private volatile int _count;

        public int Count => _count;

        public void Add(ulong r)
        {
            int n = _count;
            if (n > 0 && _refs[n - 1] >= r)
            {
                // Out of order (racing creators): insert into a fresh copy so published snapshots stay intact.
                var copy = new ulong[Math.Max(2, n * 2)];
                int at = Array.BinarySearch(_refs, 0, n, r);
                if (at >= 0) return;
                at = ~at;
                Array.Copy(_refs, 0, copy, 0, at);
                copy[at] = r;
                Array.Copy(_refs, at, copy, at + 1, n - at);
                _refs = copy;
                _count = n + 1;
                return;
            }
            if (n == _refs.Length)
            {
                var grown = new ulong[n * 2];
                Array.Copy(_refs, grown, n);
                _refs = grown;
            }
            _refs[n] = r;
            _count = n + 1;
        }

        public void RemoveAll(HashSet<ulong> refs)
        {
            var kept = new ulong[Math.Max(2, _count)];
            int k = 0;
            for (int i = 0; i < _count; i++)
                if (!refs.Contains(_refs[i])) kept[k++] = _refs[i];
            _refs = kept;
            _count = k;
        }

        public ListPostings Snapshot() => new(_refs, _count);
    }
}
