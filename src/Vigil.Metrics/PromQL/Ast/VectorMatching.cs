namespace Vigil.Metrics.PromQL.Ast;

/// <summary>How elements of two vectors are paired (Prometheus <c>parser.VectorMatching</c>), plus the experimental fill modifiers.</summary>
public sealed class VectorMatching
{
    public VectorMatchCardinality Cardinality { get; set; }

    /// <summary>Labels named in <c>on(...)</c> or <c>ignoring(...)</c>.</summary>
    public IReadOnlyList<string> MatchingLabels { get; set; } = [];

    /// <summary>True for <c>on</c>, false for <c>ignoring</c> (or no modifier).</summary>
    public bool On { get; set; }

    /// <summary>Extra labels copied from the "one" side by <c>group_left(...)</c>/<c>group_right(...)</c>.</summary>
    public IReadOnlyList<string> Include { get; set; } = [];

    /// <summary><c>fill_left(v)</c> (or <c>fill(v)</c>): value used for a missing left-hand element.</summary>
    public double? FillLeft { get; set; }

    /// <summary><c>fill_right(v)</c> (or <c>fill(v)</c>): value used for a missing right-hand element.</summary>
    public double? FillRight { get; set; }
}

public enum VectorMatchCardinality : byte
{
    OneToOne,
    ManyToOne,
    OneToMany,
    ManyToMany,
}
