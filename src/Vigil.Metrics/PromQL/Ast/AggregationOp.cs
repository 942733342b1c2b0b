namespace Vigil.Metrics.PromQL.Ast;

/// <summary>Aggregation operators; TopK, BottomK, CountValues, Quantile, LimitK and LimitRatio take a parameter.</summary>
public enum AggregationOp : byte
{
    Sum,
    Avg,
    Count,
    Min,
    Max,
    Group,
    Stddev,
    Stdvar,
    TopK,
    BottomK,
    CountValues,
    Quantile,
    LimitK,
    LimitRatio,
}
