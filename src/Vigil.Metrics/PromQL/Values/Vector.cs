namespace Vigil.Metrics.PromQL.Values;

/// <summary>An instant vector; engine buffers are reused between steps, so hold on to a copy, not the list.</summary>
public sealed class Vector : List<Sample>
{
    public Vector() { }
    public Vector(int capacity) : base(capacity) { }
}
