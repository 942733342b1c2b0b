namespace Vigil.Metrics.Scrape.Parsing;

/// <summary>
/// Growable list of body offsets: start/end pairs of a metric name, label names and label values.
/// Reused across lines, so a sample costs no allocation once it has grown to the widest label set.
/// </summary>
internal struct OffsetList
{
    private int[] _items;

    public OffsetList(int capacity) => _items = new int[capacity];

    public int Count { get; private set; }

    public readonly int this[int index]
    {
        get => _items[index];
    }

    public void Clear() => Count = 0;

    public void Set(int index, int value) => _items[index] = value;

    public void Add(int start, int end)
    {
        if (Count + 2 > _items.Length) Array.Resize(ref _items, _items.Length * 2);
        _items[Count] = start;
        _items[Count + 1] = end;
        Count += 2;
    }
}
