using System.Collections.Frozen;
using Vigil.Metrics.PromQL.Ast;

namespace Vigil.Metrics.PromQL.Parser;

/// <summary>
/// Every PromQL function with its signature (upstream <c>promql/parser/functions.go</c>, Prometheus 3.14, plus
/// the experimental functions the conformance files use). <c>holt_winters</c> is kept as its own entry with
/// double_exponential_smoothing's signature, so old dashboards parse and print back unchanged.
/// </summary>
public static class FunctionTable
{
    /// <summary>All functions by name.</summary>
    public static FrozenDictionary<string, FunctionInfo> All { get; } = Build();

    public static bool TryGet(string name, out FunctionInfo function) => All.TryGetValue(name, out function!);

    private static FunctionInfo F(string name, ExprType[] args, ExprType ret, int variadic, bool experimental) =>
        new(name, args, variadic, ret, experimental);

    private static FrozenDictionary<string, FunctionInfo> Build() => new FunctionInfo[]
    {
        F("abs", [ExprType.Vector], ExprType.Vector, 0, false),
        F("absent", [ExprType.Vector], ExprType.Vector, 0, false),
        F("absent_over_time", [ExprType.Matrix], ExprType.Vector, 0, false),
        F("acos", [ExprType.Vector], ExprType.Vector, 0, false),
        F("acosh", [ExprType.Vector], ExprType.Vector, 0, false),
        F("asin", [ExprType.Vector], ExprType.Vector, 0, false),
        F("asinh", [ExprType.Vector], ExprType.Vector, 0, false),
        F("atan", [ExprType.Vector], ExprType.Vector, 0, false),
        F("atanh", [ExprType.Vector], ExprType.Vector, 0, false),
        F("avg_over_time", [ExprType.Matrix], ExprType.Vector, 0, false),
        F("ceil", [ExprType.Vector], ExprType.Vector, 0, false),
        F("changes", [ExprType.Matrix], ExprType.Vector, 0, false),
        F("clamp", [ExprType.Vector, ExprType.Scalar, ExprType.Scalar], ExprType.Vector, 0, false),
        F("clamp_max", [ExprType.Vector, ExprType.Scalar], ExprType.Vector, 0, false),
        F("clamp_min", [ExprType.Vector, ExprType.Scalar], ExprType.Vector, 0, false),
        F("cos", [ExprType.Vector], ExprType.Vector, 0, false),
        F("cosh", [ExprType.Vector], ExprType.Vector, 0, false),
        F("count_over_time", [ExprType.Matrix], ExprType.Vector, 0, false),
        F("days_in_month", [ExprType.Vector], ExprType.Vector, 1, false),
        F("day_of_month", [ExprType.Vector], ExprType.Vector, 1, false),
        F("day_of_week", [ExprType.Vector], ExprType.Vector, 1, false),
        F("day_of_year", [ExprType.Vector], ExprType.Vector, 1, false),
        F("deg", [ExprType.Vector], ExprType.Vector, 0, false),
        F("delta", [ExprType.Matrix], ExprType.Vector, 0, false),
        F("deriv", [ExprType.Matrix], ExprType.Vector, 0, false),
        F("double_exponential_smoothing", [ExprType.Matrix, ExprType.Scalar, ExprType.Scalar], ExprType.Vector, 0, true),
        F("end", [], ExprType.Scalar, 0, true),
        F("exp", [ExprType.Vector], ExprType.Vector, 0, false),
        F("first_over_time", [ExprType.Matrix], ExprType.Vector, 0, true),
        F("floor", [ExprType.Vector], ExprType.Vector, 0, false),
        F("histogram_avg", [ExprType.Vector], ExprType.Vector, 0, false),
        F("histogram_count", [ExprType.Vector], ExprType.Vector, 0, false),
        F("histogram_fraction", [ExprType.Scalar, ExprType.Scalar, ExprType.Vector], ExprType.Vector, 0, false),
        F("histogram_quantile", [ExprType.Scalar, ExprType.Vector], ExprType.Vector, 0, false),
        F("histogram_quantiles", [ExprType.Vector, ExprType.String, ExprType.Scalar, ExprType.Scalar], ExprType.Vector, 9, true),
        F("histogram_stddev", [ExprType.Vector], ExprType.Vector, 0, false),
        F("histogram_stdvar", [ExprType.Vector], ExprType.Vector, 0, false),
        F("histogram_sum", [ExprType.Vector], ExprType.Vector, 0, false),
        F("holt_winters", [ExprType.Matrix, ExprType.Scalar, ExprType.Scalar], ExprType.Vector, 0, false),
        F("hour", [ExprType.Vector], ExprType.Vector, 1, false),
        F("idelta", [ExprType.Matrix], ExprType.Vector, 0, false),
        F("increase", [ExprType.Matrix], ExprType.Vector, 0, false),
        F("info", [ExprType.Vector, ExprType.Vector], ExprType.Vector, 1, true),
        F("irate", [ExprType.Matrix], ExprType.Vector, 0, false),
        F("label_join", [ExprType.Vector, ExprType.String, ExprType.String, ExprType.String], ExprType.Vector, -1, false),
        F("label_replace", [ExprType.Vector, ExprType.String, ExprType.String, ExprType.String, ExprType.String], ExprType.Vector, 0, false),
        F("last_over_time", [ExprType.Matrix], ExprType.Vector, 0, false),
        F("ln", [ExprType.Vector], ExprType.Vector, 0, false),
        F("log10", [ExprType.Vector], ExprType.Vector, 0, false),
        F("log2", [ExprType.Vector], ExprType.Vector, 0, false),
        F("mad_over_time", [ExprType.Matrix], ExprType.Vector, 0, true),
        F("max_over_time", [ExprType.Matrix], ExprType.Vector, 0, false),
        F("min_over_time", [ExprType.Matrix], ExprType.Vector, 0, false),
        F("max_of", [ExprType.Scalar, ExprType.Scalar], ExprType.Scalar, 0, true),
        F("min_of", [ExprType.Scalar, ExprType.Scalar], ExprType.Scalar, 0, true),
        F("minute", [ExprType.Vector], ExprType.Vector, 1, false),
        F("month", [ExprType.Vector], ExprType.Vector, 1, false),
        F("pi", [], ExprType.Scalar, 0, false),
        F("predict_linear", [ExprType.Matrix, ExprType.Scalar], ExprType.Vector, 0, false),
        F("present_over_time", [ExprType.Matrix], ExprType.Vector, 0, false),
        F("quantile_over_time", [ExprType.Scalar, ExprType.Matrix], ExprType.Vector, 0, false),
        F("rad", [ExprType.Vector], ExprType.Vector, 0, false),
        F("range", [], ExprType.Scalar, 0, true),
        F("rate", [ExprType.Matrix], ExprType.Vector, 0, false),
        F("resets", [ExprType.Matrix], ExprType.Vector, 0, false),
        F("round", [ExprType.Vector, ExprType.Scalar], ExprType.Vector, 1, false),
        F("scalar", [ExprType.Vector], ExprType.Scalar, 0, false),
        F("sgn", [ExprType.Vector], ExprType.Vector, 0, false),
        F("sin", [ExprType.Vector], ExprType.Vector, 0, false),
        F("sinh", [ExprType.Vector], ExprType.Vector, 0, false),
        F("sort", [ExprType.Vector], ExprType.Vector, 0, false),
        F("sort_by_label", [ExprType.Vector, ExprType.String], ExprType.Vector, -1, true),
        F("sort_by_label_desc", [ExprType.Vector, ExprType.String], ExprType.Vector, -1, true),
        F("sort_desc", [ExprType.Vector], ExprType.Vector, 0, false),
        F("sqrt", [ExprType.Vector], ExprType.Vector, 0, false),
        F("start", [], ExprType.Scalar, 0, true),
        F("start_timestamp", [ExprType.Vector], ExprType.Vector, 0, true),
        F("step", [], ExprType.Scalar, 0, true),
        F("stddev_over_time", [ExprType.Matrix], ExprType.Vector, 0, false),
        F("stdvar_over_time", [ExprType.Matrix], ExprType.Vector, 0, false),
        F("sum_over_time", [ExprType.Matrix], ExprType.Vector, 0, false),
        F("tan", [ExprType.Vector], ExprType.Vector, 0, false),
        F("tanh", [ExprType.Vector], ExprType.Vector, 0, false),
        F("time", [], ExprType.Scalar, 0, false),
        F("timestamp", [ExprType.Vector], ExprType.Vector, 0, false),
        F("ts_of_first_over_time", [ExprType.Matrix], ExprType.Vector, 0, true),
        F("ts_of_last_over_time", [ExprType.Matrix], ExprType.Vector, 0, true),
        F("ts_of_max_over_time", [ExprType.Matrix], ExprType.Vector, 0, true),
        F("ts_of_min_over_time", [ExprType.Matrix], ExprType.Vector, 0, true),
        F("vector", [ExprType.Scalar], ExprType.Vector, 0, false),
        F("year", [ExprType.Vector], ExprType.Vector, 1, false),
    }.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
}
