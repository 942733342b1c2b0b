using System.Diagnostics;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Values;
using IQueryable = Vigil.Metrics.Tsdb.Querying.IQueryable;

namespace Vigil.Metrics.PromQL.Engine;

/// <summary>
/// Evaluates PromQL against a store (Prometheus <c>promql.Engine</c>). Thread-safe; one instance per process.
/// Times are Unix milliseconds. At most <see cref="EngineOptions.MaxConcurrency"/> queries evaluate at once;
/// the rest wait in line (their wait counts against their timeout). Each query runs on the calling thread
/// once admitted and is abandoned with upstream's error when it exceeds <see cref="EngineOptions.Timeout"/>,
/// <see cref="EngineOptions.MaxSamples"/> or is cancelled. The expression tree is prepared in place, so a
/// tree must not be evaluated by two queries at the same time.
/// </summary>
public sealed class QueryEngine(EngineOptions options)
{
    private readonly SemaphoreSlim _gate = new(Math.Max(1, options.MaxConcurrency));

    public EngineOptions Options { get; } = options;

    /// <summary>Evaluates <paramref name="expr"/> at one instant. <paramref name="lookbackDelta"/> overrides the option when set (API's lookback_delta).</summary>
    public Task<QueryResult> InstantAsync(IQueryable storage, Expr expr, long timeMs, TimeSpan? lookbackDelta = null, CancellationToken cancellationToken = default) =>
        ExecuteAsync(storage, expr, timeMs, timeMs, 0, lookbackDelta, cancellationToken);

    /// <summary>Evaluates <paramref name="expr"/> at start, start+step, ... up to end inclusive; the result is a matrix.</summary>
    public Task<QueryResult> RangeAsync(IQueryable storage, Expr expr, long startMs, long endMs, long stepMs, TimeSpan? lookbackDelta = null, CancellationToken cancellationToken = default)
    {
        if (expr.Type is not (ExprType.Vector or ExprType.Scalar))
            return Task.FromResult(Failed(QueryErrorKind.BadData,
                $"invalid expression type \"{DocumentedType(expr.Type)}\" for range query, must be Scalar or instant Vector", new QueryStats()));
        if (stepMs <= 0)
            return Task.FromResult(Failed(QueryErrorKind.BadData, "zero or negative query resolution step widths are not accepted. Try a positive integer", new QueryStats()));
        if (endMs < startMs)
            return Task.FromResult(Failed(QueryErrorKind.BadData, "end timestamp must not be before start time", new QueryStats()));
        return ExecuteAsync(storage, expr, startMs, endMs, stepMs, lookbackDelta, cancellationToken);
    }

    /// <summary>Upstream parser.DocumentedType: the names the API uses for value types.</summary>
    internal static string DocumentedType(ExprType type) => type switch
    {
        ExprType.Vector => "instant vector",
        ExprType.Matrix => "range vector",
        ExprType.Scalar => "scalar",
        ExprType.String => "string",
        _ => "none",
    };

    private async Task<QueryResult> ExecuteAsync(IQueryable storage, Expr expr, long start, long end, long step, TimeSpan? lookbackDelta, CancellationToken cancellationToken)
    {
        var stats = new QueryStats();
        var total = Stopwatch.StartNew();
        long deadline = Options.Timeout <= TimeSpan.Zero || Options.Timeout.TotalDays > 3650
            ? long.MaxValue
            : Stopwatch.GetTimestamp() + (long)(Options.Timeout.TotalSeconds * Stopwatch.Frequency);
        using var timeout = new CancellationTokenSource(Options.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await _gate.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            stats.QueueTime = total.Elapsed;
            return cancellationToken.IsCancellationRequested
                ? Failed(QueryErrorKind.Canceled, "query was canceled in query queue", stats)
                : Failed(QueryErrorKind.Timeout, "query timed out in query queue", stats);
        }
        stats.QueueTime = total.Elapsed;
        try
        {
            return Execute(storage, expr, start, end, step, lookbackDelta, deadline, cancellationToken, stats, total);
        }
        finally
        {
            _gate.Release();
        }
    }

    private QueryResult Execute(IQueryable storage, Expr expr, long start, long end, long step, TimeSpan? lookbackDelta,
        long deadline, CancellationToken callerToken, QueryStats stats, Stopwatch total)
    {
        long lookbackMs = (long)(lookbackDelta is { } l && l > TimeSpan.Zero ? l : Options.LookbackDelta).TotalMilliseconds;
        if (lookbackMs <= 0) lookbackMs = 5 * 60 * 1000;
        QueryContext? ctx = null;
        try
        {
            var prepare = Stopwatch.StartNew();
            QueryPreparer.ResolveDurations(expr, step, end - start);
            var invariant = QueryPreparer.MarkStepInvariant(expr, start, end);
            var (mint, maxt) = QueryPreparer.FindMinMaxTime(expr, start, end, lookbackMs);
            using var querier = storage.Querier(mint, maxt);
            ctx = new QueryContext(querier, lookbackMs, Options.MaxSamples, deadline, callerToken)
            {
                QueryStart = start,
                QueryEnd = end,
                QueryStep = step,
                DefaultSubqueryStepMs = Math.Max(1, (long)Options.DefaultSubqueryStep.TotalMilliseconds),
                StepInvariant = invariant,
            };
            if (step != 0) QueryPreparer.WarnSortInRangeQuery(expr, ctx.Annotations);
            // Selectors with @ are evaluated once at the start; their offsets absorb the distance.
            QueryPreparer.SetOffsetsForAt(start, expr);
            stats.PrepareTime = prepare.Elapsed;

            var inner = Stopwatch.StartNew();
            var result = Evaluate(ctx, expr, start, end, step);
            stats.InnerEvalTime = inner.Elapsed;
            stats.TotalQueryableSamples = ctx.TotalSamples;
            stats.PeakSamples = ctx.PeakSamples;
            stats.ExecTotalTime = total.Elapsed;
            return result(ctx.Annotations, stats);
        }
        catch (QueryEvaluationException ex)
        {
            stats.ExecTotalTime = total.Elapsed;
            return new QueryResult { Error = new QueryError(ex.Kind, ex.Message), Annotations = ctx?.Annotations ?? new Annotations(), Stats = stats };
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // A storage failure (upstream ErrStorage): the query fails as an internal error with the store's message.
            stats.ExecTotalTime = total.Elapsed;
            return new QueryResult { Error = new QueryError(QueryErrorKind.Internal, ex.Message), Annotations = ctx?.Annotations ?? new Annotations(), Stats = stats };
        }
    }

    private static Func<Annotations, QueryStats, QueryResult> Evaluate(QueryContext ctx, Expr expr, long start, long end, long step)
    {
        if (expr.Type == ExprType.String)
        {
            string text = QueryPreparer.Unwrap(expr) is StringLiteral s ? s.Value : "";
            return (a, st) => new QueryResult { Type = ExprType.String, String = new StringValue(start, text), Annotations = a, Stats = st };
        }
        bool instant = step == 0;
        var evaluator = new Evaluator(ctx, start, instant ? start : end, instant ? 1 : step);
        var mat = ResultCleanup.DropNames(evaluator.Eval(expr));
        ctx.CheckCancelled();

        if (!instant)
        {
            mat.Sort(static (a, b) => Model.Labels.Compare(a.Metric, b.Metric));
            return (a, st) => new QueryResult { Type = ExprType.Matrix, Matrix = mat, Annotations = a, Stats = st };
        }
        switch (expr.Type)
        {
            case ExprType.Scalar:
            {
                double v = mat.Count > 0 && mat[0].Floats.Count > 0 ? mat[0].Floats[0].F : double.NaN;
                return (a, st) => new QueryResult { Type = ExprType.Scalar, Scalar = new Scalar(start, v), Annotations = a, Stats = st };
            }
            case ExprType.Matrix:
                mat.Sort(static (a, b) => Model.Labels.Compare(a.Metric, b.Metric));
                return (a, st) => new QueryResult { Type = ExprType.Matrix, Matrix = mat, Annotations = a, Stats = st };
            default:
            {
                // One point per series: the sample takes the evaluation time, as upstream forces it.
                var vector = new Vector(mat.Count);
                foreach (var series in mat)
                    vector.Add(new Sample(series.Metric, start, series.Floats[0].F));
                return (a, st) => new QueryResult { Type = ExprType.Vector, Vector = vector, Annotations = a, Stats = st };
            }
        }
    }

    private static QueryResult Failed(QueryErrorKind kind, string message, QueryStats stats) =>
        new() { Error = new QueryError(kind, message), Stats = stats };
}
