using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.PromQL.Functions;

/// <summary>
/// A PromQL function's implementation (Prometheus <c>promql.FunctionCall</c>), called by the engine once per
/// evaluation step. Arguments, by the function's signature:
/// <list type="bullet">
/// <item>instant-vector and scalar arguments arrive evaluated in <paramref name="vectorArgs"/> at their position
/// (a scalar as a one-sample vector whose F is the value; a string argument's slot is an empty vector and its
/// text is read from <paramref name="args"/> as a <see cref="StringLiteral"/>);</item>
/// <item>a range-vector argument (matrix selector or subquery) arrives as ONE series in
/// <paramref name="matrixArg"/>: the engine calls the function per series with that series' points in the
/// window (range start exclusive, end inclusive) and <see cref="EvalNodeHelper.RangeStart"/>/<c>RangeEnd</c> set.</item>
/// </list>
/// The function appends its output to <see cref="EvalNodeHelper.Output"/> (cleared by the engine before the call)
/// and reports warnings/infos to <paramref name="annotations"/> with the position of the argument concerned.
/// Output samples keep the input series' labels; functions that drop the metric name set
/// <see cref="Sample.DropName"/> instead of removing it (the engine removes it at the end).
/// </summary>
internal delegate void FunctionCall(IReadOnlyList<Vector> vectorArgs, Matrix matrixArg, IReadOnlyList<Expr> args, EvalNodeHelper helper, Annotations annotations);
