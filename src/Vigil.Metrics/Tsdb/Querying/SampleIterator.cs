namespace Vigil.Metrics.Tsdb.Querying;

/// <summary>
/// Forward-only cursor over one series' samples in timestamp order (Prometheus <c>chunkenc.Iterator</c>).
/// Starts before the first sample; <see cref="Next"/> and <see cref="Seek"/> return what the cursor now
/// points at, <see cref="ValueKind.None"/> at the end. Not thread-safe. Abstract class rather than an
/// interface so the engine's hot loop makes plain virtual calls.
/// </summary>
public abstract class SampleIterator
{
    public abstract ValueKind Next();

    /// <summary>Advances to the first sample with timestamp ≥ <paramref name="t"/>; never moves backwards.</summary>
    public virtual ValueKind Seek(long t)
    {
        var kind = Current;
        if (kind != ValueKind.None && AtT() >= t) return kind;
        while ((kind = Next()) != ValueKind.None)
            if (AtT() >= t) return kind;
        return ValueKind.None;
    }

    /// <summary>What the cursor points at now (None before the first Next and after the end).</summary>
    public abstract ValueKind Current { get; }

    public abstract long AtT();

    /// <summary>The float value; valid when <see cref="Current"/> is <see cref="ValueKind.Float"/>.</summary>
    public abstract double AtF();

    /// <summary>Set when reading failed (a corrupt chunk); the iterator then reports None.</summary>
    public virtual string? Error => null;

    public static SampleIterator Empty { get; } = new EmptyIterator();

    private sealed class EmptyIterator : SampleIterator
    {
        public override ValueKind Next() => ValueKind.None;
        public override ValueKind Seek(long t) => ValueKind.None;
        public override ValueKind Current => ValueKind.None;
        public override long AtT() => 0;
        public override double AtF() => 0;
    }
}
