using System.Text.RegularExpressions;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Engine;
using Vigil.Metrics.PromQL.Parser;
using Vigil.Metrics.PromQL.Values;
using IQueryable = Vigil.Metrics.Tsdb.Querying.IQueryable;

namespace Vigil.Metrics.Tests.PromQL.Conformance;

/// <summary>What running one case gave: pass, or the first failure; <see cref="ExtrasOnly"/> when the plain eval passed and only an invariance re-run failed.</summary>
internal sealed record CaseOutcome(bool Passed, string Message, bool ExtrasOnly = false)
{
    /// <summary>Wall time of the case with its re-runs (set by the file run).</summary>
    public TimeSpan Elapsed { get; init; }

    public static CaseOutcome Pass { get; } = new(true, "");
}

/// <summary>
/// Runs one eval against the engine and storage (README 4 and 5): the query as written, then, for instant
/// evals, the two invariance extras upstream also runs — the same query with every selector pinned by
/// <c>@</c> at shifted evaluation times, and each instant query re-run as a range query around its time. A case
/// passes only when the extras pass too. The query text is parsed afresh for every run because the engine
/// resolves durations and <c>@</c> times in the tree in place.
/// </summary>
internal sealed partial class CaseRunner(QueryEngine engine, IQueryable storage)
{
    /// <summary>A guard against an engine that hangs: far above any real case, far below the test host's patience.</summary>
    private static readonly TimeSpan QueryGuard = TimeSpan.FromSeconds(20);

    [GeneratedRegex(@"(start|end|range|step)\(\)")]
    private static partial Regex QueryContextFunctions();

    /// <summary>README 6: lookback 5m, 10000 samples, 100s timeout, 1m default subquery step.</summary>
    public static EngineOptions Options { get; } = new()
    {
        LookbackDelta = TimeSpan.FromMinutes(5),
        MaxSamples = 10_000,
        Timeout = TimeSpan.FromSeconds(100),
        DefaultSubqueryStep = TimeSpan.FromMinutes(1),
    };

    public CaseOutcome Run(EvalCommand cmd) => cmd.IsRange ? RunRange(cmd) : RunInstant(cmd);

    private CaseOutcome RunRange(EvalCommand cmd)
    {
        if (!TryParse(cmd.Expr, out var expr, out string? parseError)) return Fail(parseError);
        if (!TryExecute(() => engine.RangeAsync(storage, expr, cmd.StartMs, cmd.EndMs, cmd.StepMs), out var result, out string? crash)) return Fail(crash);
        if (result.Error is { } error)
            return cmd.IsFail ? Outcome(ResultChecker.CheckExpectedFailure(cmd, error.Message)) : Fail($"error evaluating query: {error.Message}");
        if (cmd.IsFail) return Fail("expected error evaluating query but got none");
        return Outcome(ResultChecker.CheckAnnotations(cmd, result.Annotations, cmd.Expr) ?? ResultChecker.CompareResult(cmd, result));
    }

    private CaseOutcome RunInstant(EvalCommand cmd)
    {
        if (RunInstantOnce(cmd, cmd.Expr, cmd.EvalTimeMs, out var type) is { } mainFailure) return Fail(mainFailure);
        if (cmd.IsFail) return RunAtReruns(cmd) is { } failedRerun ? Extras(failedRerun) : CaseOutcome.Pass;
        if (RangeModeCheck(cmd, cmd.Expr, cmd.EvalTimeMs, type) is { } rangeFailure) return Extras($"range mode at t={cmd.EvalTimeMs}: {rangeFailure}");
        return RunAtReruns(cmd) is { } rerunFailure ? Extras(rerunFailure) : CaseOutcome.Pass;
    }

    /// <summary>
    /// Extra 1 (and extra 2 for each of its runs): the @-pinned query at the shifted times. As upstream, the pinned
    /// tree is printed and the text re-parsed and run, so annotation positions refer to the printed query.
    /// </summary>
    private string? RunAtReruns(EvalCommand cmd)
    {
        if (!TryParse(cmd.Expr, out var pinned, out _) || !AtModifierRewrite.Apply(pinned, cmd.EvalTimeMs)) return null;
        string query;
        try
        {
            query = Printer.Print(pinned);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $"printing the @-pinned query threw {e.GetType().Name}: {e.Message}";
        }
        foreach (long t in AtModifierRewrite.EvalTimes(cmd.EvalTimeMs))
        {
            if (RunInstantOnce(cmd, query, t, out var type) is { } failure) return $"{query} at t={t}: {failure}";
            if (cmd.IsFail) continue;
            if (RangeModeCheck(cmd, query, t, type) is { } rangeFailure) return $"{query} at t={t} in range mode: {rangeFailure}";
        }
        return null;
    }

    /// <summary>One instant query of <paramref name="query"/> (the eval's text or its @-pinned form) with every check.</summary>
    private string? RunInstantOnce(EvalCommand cmd, string query, long timeMs, out ExprType resultType)
    {
        resultType = ExprType.None;
        if (!TryParse(query, out var expr, out string? parseError)) return parseError;
        if (!TryExecute(() => engine.InstantAsync(storage, expr, timeMs), out var result, out string? crash)) return crash;
        if (result.Error is { } error)
            return cmd.IsFail ? ResultChecker.CheckExpectedFailure(cmd, error.Message) : $"error evaluating query: {error.Message}";
        if (cmd.IsFail) return "expected error evaluating query but got none";
        resultType = result.Type;
        return ResultChecker.CheckAnnotations(cmd, result.Annotations, query) ?? ResultChecker.CompareResult(cmd, result);
    }

    /// <summary>
    /// Extra 2: the instant query as a range query from t-1m to t+1m, step 1m; the points at t must meet the same
    /// expectations (annotations not checked). Not for ordered, range-vector or string expectations, nor for
    /// queries using start(), end(), range() or step().
    /// </summary>
    private string? RangeModeCheck(EvalCommand cmd, string query, long timeMs, ExprType instantType)
    {
        if (cmd.ExcludeFromRangeQuery || QueryContextFunctions().IsMatch(query)) return null;
        if (!TryParse(query, out var expr, out string? parseError)) return parseError;
        if (!TryExecute(() => engine.RangeAsync(storage, expr, timeMs - 60_000, timeMs + 60_000, 60_000), out var result, out string? crash)) return crash;
        if (result.Error is { } error) return $"error evaluating query in range mode: {error.Message}";
        if (cmd.IsOrdered) return null; // range results are sorted by labels, whatever the instant order
        var matrix = result.Matrix ?? [];
        if (ResultChecker.CheckSorted(matrix) is { } unsorted) return unsorted;
        var vector = new Vector(matrix.Count);
        foreach (var series in matrix)
        {
            foreach (var p in series.Floats)
            {
                if (p.T == timeMs) { vector.Add(new Sample(series.Metric, p.T, p.F)); break; }
            }
            if (series.Histograms is null) continue;
            foreach (var p in series.Histograms)
            {
                if (p.T == timeMs) { vector.Add(new Sample(series.Metric, p.T, 0) { H = p.H }); break; }
            }
        }
        if (instantType == ExprType.Scalar)
            return vector.Count == 0 ? "scalar query returned no point at the eval time in range mode" : ResultChecker.CompareScalar(cmd, vector[0].F);
        return ResultChecker.CompareVector(cmd, vector);
    }

    private static bool TryParse(string text, out Expr expr, out string? error)
    {
        try
        {
            expr = PromQlParser.Parse(text);
            error = null;
            return true;
        }
        catch (ParseException e)
        {
            // Upstream's parser accepts every expression of these files (the runner rejects a file otherwise).
            expr = null!;
            error = $"parser rejected the query: {e.Message}";
            return false;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            expr = null!;
            error = $"parser threw {e.GetType().Name}: {e.Message}";
            return false;
        }
    }

    private static bool TryExecute(Func<Task<QueryResult>> query, out QueryResult result, out string? error)
    {
        result = null!;
        error = null;
        try
        {
            var task = Task.Run(query);
            if (!task.Wait(QueryGuard))
            {
                error = $"query did not finish within {QueryGuard.TotalSeconds}s";
                return false;
            }
            result = task.Result;
            return true;
        }
        catch (AggregateException e) when (e.InnerException is { } inner)
        {
            error = $"engine threw {inner.GetType().Name}: {inner.Message}";
            return false;
        }
    }

    private static CaseOutcome Outcome(string? failure) => failure is null ? CaseOutcome.Pass : Fail(failure);

    private static CaseOutcome Fail(string? message) => new(false, message ?? "failed");

    private static CaseOutcome Extras(string message) => new(false, message, ExtrasOnly: true);
}
