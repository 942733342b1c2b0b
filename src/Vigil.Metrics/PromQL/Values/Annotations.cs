using Vigil.Metrics.PromQL.Ast;

namespace Vigil.Metrics.PromQL.Values;

/// <summary>
/// Warnings and infos collected while evaluating (Prometheus <c>annotations.Annotations</c>). Each carries the
/// detail text in upstream's wording and the position of the sub-expression that caused it; duplicates are
/// dropped. Rendered for the API as <c>PromQL warning: detail (line:col)</c>.
/// </summary>
public sealed class Annotations
{
    private readonly List<Annotation> _items = [];
    private readonly HashSet<(AnnotationKind, string, PositionRange)> _seen = [];

    public IReadOnlyList<Annotation> Items => _items;

    public void Add(AnnotationKind kind, string detail, PositionRange position)
    {
        if (_seen.Add((kind, detail, position))) _items.Add(new Annotation(kind, detail, position));
    }

    public void Warn(string detail, PositionRange position) => Add(AnnotationKind.Warning, detail, position);

    public void Info(string detail, PositionRange position) => Add(AnnotationKind.Info, detail, position);

    public void Merge(Annotations other)
    {
        foreach (var item in other._items) Add(item.Kind, item.Detail, item.Position);
    }
}

public enum AnnotationKind : byte
{
    Warning,
    Info,
}

public readonly record struct Annotation(AnnotationKind Kind, string Detail, PositionRange Position)
{
    /// <summary>Upstream's rendering: <c>PromQL info: detail (1:7)</c>, line and column 1-based within <paramref name="query"/>.</summary>
    public string Render(string query)
    {
        int line = 1, column = 1;
        for (int i = 0; i < Position.Start && i < query.Length; i++)
        {
            if (query[i] == '\n') { line++; column = 1; }
            else column++;
        }
        string kind = Kind == AnnotationKind.Warning ? "warning" : "info";
        return $"PromQL {kind}: {Detail} ({line}:{column})";
    }
}
