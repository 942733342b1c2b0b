namespace Vigil.Metrics.Tsdb.Index;

/// <summary>
/// A sorted, duplicate-free list of series references, iterated forward (Prometheus
/// <c>index.Postings</c>). Both the head's in-memory index and a block's on-disk index hand these out;
/// matchers become intersections, unions and differences of them. Not thread-safe.
/// </summary>
internal abstract class Postings
{
    /// <summary>Moves to the next reference; false at the end.</summary>
    public abstract bool Next();

    /// <summary>Moves to the first reference ≥ <paramref name="v"/> (no move if already there); false at the end.</summary>
    public abstract bool Seek(ulong v);

    /// <summary>The current reference (valid after Next or Seek returned true).</summary>
    public abstract ulong At { get; }

    public static Postings Empty { get; } = new ListPostings([]);
}

/// <summary>Postings over a sorted array.</summary>
internal sealed class ListPostings(ulong[] refs, int count) : Postings
{
    private int _index = -1;

    public ListPostings(ulong[] refs) : this(refs, refs.Length) { }

    public override bool Next() => ++_index < count;

    public override bool Seek(ulong v)
    {
        if (_index < 0) _index = 0;
        if (_index >= count) return false;
        if (refs[_index] >= v) return true;
        int found = Array.BinarySearch(refs, _index, count - _index, v);
        _index = found >= 0 ? found : ~found;
        return _index < count;
    }

    public override ulong At => refs[_index];
}
