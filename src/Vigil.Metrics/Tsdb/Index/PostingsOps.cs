namespace Vigil.Metrics.Tsdb.Index;

/// <summary>
/// Set operations over <see cref="Postings"/>, lazily, by Next/Seek (Prometheus <c>index.Intersect</c>,
/// <c>Merge</c>, <c>Without</c>). Intersection leapfrogs: each list seeks to the largest current value, so
/// a small list intersected with a huge one costs about the small list's length times a binary search.
/// </summary>
internal static class PostingsOps
{
    public static Postings Intersect(IReadOnlyList<Postings> lists) => lists.Count switch
    {
        0 => Postings.Empty,
        1 => lists[0],
        _ => new IntersectPostings([.. lists]),
    };

    public static Postings Merge(IReadOnlyList<Postings> lists) => lists.Count switch
    {
        0 => Postings.Empty,
        1 => lists[0],
        _ => new MergePostings([.. lists]),
    };

    /// <summary>The references of <paramref name="full"/> that are not in <paramref name="drop"/>.</summary>
    public static Postings Without(Postings full, Postings drop) => new WithoutPostings(full, drop);

    /// <summary>Drains postings into a list (tests, small result sets).</summary>
    public static List<ulong> ToList(Postings p)
    {
        var list = new List<ulong>();
        while (p.Next()) list.Add(p.At);
        return list;
    }

    private sealed class IntersectPostings(Postings[] lists) : Postings
    {
        private ulong _current;
        private bool _done;

        public override ulong At => _current;

        public override bool Next()
        {
            if (_done) return false;
            if (!lists[0].Next()) return Finish();
            return Align(lists[0].At);
        }

        public override bool Seek(ulong v)
        {
            if (_done) return false;
            if (!lists[0].Seek(v)) return Finish();
            return Align(lists[0].At);
        }

        /// <summary>Leapfrog until every list sits on the same value ≥ target.</summary>
        private bool Align(ulong target)
        {
            while (true)
            {
                bool allEqual = true;
                foreach (var p in lists)
                {
                    if (!p.Seek(target)) return Finish();
                    if (p.At != target)
                    {
                        target = p.At;
                        allEqual = false;
                        break;
                    }
                }
                if (allEqual)
                {
                    _current = target;
                    return true;
                }
            }
        }

        private bool Finish()
        {
            _done = true;
            return false;
        }
    }

    /// <summary>Union by a small binary heap of the lists' current values.</summary>
    private sealed class MergePostings : Postings
    {
        private readonly Postings[] _heap;
        private int _size;
        private bool _started;
        private ulong _current;

        public MergePostings(Postings[] lists)
        {
            _heap = lists;
            _size = 0;
        }

        public override ulong At => _current;

        public override bool Next()
        {
            if (!_started)
            {
                _started = true;
                foreach (var p in _heap.AsSpan().ToArray())
                    if (p.Next()) _heap[_size++] = p;
                for (int i = _size / 2 - 1; i >= 0; i--) Down(i);
            }
            else
            {
                // Advance every list sitting on the current value.
                while (_size > 0 && _heap[0].At == _current)
                {
                    if (_heap[0].Next()) Down(0);
                    else
                    {
                        _heap[0] = _heap[--_size];
                        if (_size > 0) Down(0);
                    }
                }
            }
            if (_size == 0) return false;
            _current = _heap[0].At;
            return true;
        }

        public override bool Seek(ulong v)
        {
            if (_started && _size > 0 && _current >= v) return true;
            if (!_started)
            {
                _started = true;
                foreach (var p in _heap.AsSpan().ToArray())
                    if (p.Seek(v)) _heap[_size++] = p;
            }
            else
            {
                int kept = 0;
                for (int i = 0; i < _size; i++)
                    if (_heap[i].Seek(v)) _heap[kept++] = _heap[i];
                _size = kept;
            }
            for (int i = _size / 2 - 1; i >= 0; i--) Down(i);
            if (_size == 0) return false;
            _current = _heap[0].At;
            return true;
        }

        private void Down(int i)
        {
            while (true)
            {
                int l = 2 * i + 1, r = l + 1, min = i;
                if (l < _size && _heap[l].At < _heap[min].At) min = l;
                if (r < _size && _heap[r].At < _heap[min].At) min = r;
                if (min == i) return;
                (_heap[i], _heap[min]) = (_heap[min], _heap[i]);
                i = min;
            }
        }
    }

    private sealed class WithoutPostings(Postings full, Postings drop) : Postings
    {
        private bool _dropDone;
        private bool _dropStarted;

        public override ulong At => full.At;

        public override bool Next() => full.Next() && Skip();

        public override bool Seek(ulong v) => full.Seek(v) && Skip();

        private bool Skip()
        {
            while (true)
            {
                if (!_dropDone)
                {
                    if (!_dropStarted || drop.At < full.At)
                    {
                        _dropStarted = true;
                        if (!drop.Seek(full.At)) _dropDone = true;
                    }
                }
                if (_dropDone || drop.At != full.At) return true;
                if (!full.Next()) return false;
            }
        }
    }
}
