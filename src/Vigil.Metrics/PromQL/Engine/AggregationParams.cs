using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.PromQL.Engine;

/// <summary>
/// The parameter of topk/bottomk/limitk/limit_ratio/quantile over the steps (upstream fParams): a number
/// literal is constant, anything else is evaluated once and read step by step. Min, Max and HasAnyNaN cover
/// all steps, for the checks upstream makes before evaluating.
/// </summary>
internal sealed class AggregationParams
{
    private readonly bool _constant;
    private readonly double _value;
    private readonly List<FPoint>? _points;
    private int _next;

    public double Min { get; }
    public double Max { get; }
    public bool HasAnyNaN { get; }

    private AggregationParams() { }

    private AggregationParams(double value)
    {
        _constant = true;
        _value = value;
        Min = Max = value;
        HasAnyNaN = double.IsNaN(value);
    }

    private AggregationParams(List<FPoint> points)
    {
        _points = points;
        double min = double.MaxValue, max = -double.MaxValue;
        foreach (var p in points)
        {
            // Go's math.Min/Max propagate NaN.
            min = double.IsNaN(min) || double.IsNaN(p.F) ? double.NaN : Math.Min(min, p.F);
            max = double.IsNaN(max) || double.IsNaN(p.F) ? double.NaN : Math.Max(max, p.F);
            if (double.IsNaN(p.F)) HasAnyNaN = true;
        }
        Min = min;
        Max = max;
    }

    public static AggregationParams Create(Evaluator evaluator, Expr? param)
    {
        if (param is null) return new AggregationParams();
        param = QueryPreparer.Unwrap(param);
        var mat = evaluator.Eval(param);
        if (mat.Count == 0) return new AggregationParams();
        if (param is NumberLiteral) return new AggregationParams(mat[0].Floats[0].F);
        return new AggregationParams(mat[0].Floats);
    }

    /// <summary>The value for the next step (0 once a non-constant parameter runs out, as upstream).</summary>
    public double Next()
    {
        if (_constant) return _value;
        if (_points is not null && _next < _points.Count) return _points[_next++].F;
        return 0;
    }
}
