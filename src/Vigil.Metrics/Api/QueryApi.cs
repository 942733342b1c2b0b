using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Engine;
using Vigil.Metrics.PromQL.Parser;
using Vigil.Metrics.PromQL.Values;
using Vigil.Metrics.Tsdb.Querying;
using IQueryable = Vigil.Metrics.Tsdb.Querying.IQueryable;

namespace Vigil.Metrics.Api;

/// <summary>
/// <c>/api/v1/query</c> and <c>/api/v1/query_range</c> (GET and form POST) as Prometheus 3 serves them
/// (web/api/v1/api.go query, queryRange, extractQueryOpts, truncateResults): parameters checked in upstream's
/// order with its error texts (api-compat 3.7), the engine's errors mapped to errorType and status, annotations
/// rendered as <c>warnings</c>/<c>infos</c> (at most 10 of each).
/// </summary>
internal sealed class QueryApi(QueryEngine engine, IQueryable storage, TimeProvider time)
{
    /// <summary>Upstream's cap on points per series in a range query (api.go queryRange).</summary>
    public const long MaxPointsPerSeries = 11_000;

    private const int MaxAnnotations = 10;

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/api/v1/query", ["GET", "POST"], QueryAsync);
        endpoints.MapMethods("/api/v1/query_range", ["GET", "POST"], QueryRangeAsync);
    }

    private async Task QueryAsync(HttpContext context)
    {
        var p = await ApiParams.ReadAsync(context).ConfigureAwait(false);
        if (!ApiParsing.TryParseLimit(p.Get("limit"), out int limit, out string error))
        {
            await ApiResponses.InvalidParam(context, "limit", error).ConfigureAwait(false);
            return;
        }
        if (!ApiParsing.TryParseTimeParam(p, "time", time.GetUtcNow().ToUnixTimeMilliseconds(), out long ts, out error))
        {
            await ApiResponses.InvalidParam(context, "time", error).ConfigureAwait(false);
            return;
        }
        var common = await TryCommonAsync(context, p).ConfigureAwait(false);
        if (common is null) return;
        await ExecuteAsync(context, p, common, limit, ct => engine.InstantAsync(storage, common.Expr, ts, common.LookbackDelta, ct)).ConfigureAwait(false);
    }

    private async Task QueryRangeAsync(HttpContext context)
    {
        var p = await ApiParams.ReadAsync(context).ConfigureAwait(false);
        if (!ApiParsing.TryParseLimit(p.Get("limit"), out int limit, out string error))
        {
            await ApiResponses.InvalidParam(context, "limit", error).ConfigureAwait(false);
            return;
        }
        if (!ApiParsing.TryParseTime(p.Get("start"), out long start, out error))
        {
            await ApiResponses.InvalidParam(context, "start", error).ConfigureAwait(false);
            return;
        }
        if (!ApiParsing.TryParseTime(p.Get("end"), out long end, out error))
        {
            await ApiResponses.InvalidParam(context, "end", error).ConfigureAwait(false);
            return;
        }
        if (end < start)
        {
            await ApiResponses.InvalidParam(context, "end", "end timestamp must not be before start time").ConfigureAwait(false);
            return;
        }
        if (!ApiParsing.TryParseDuration(p.Get("step"), out long stepNs, out error))
        {
            await ApiResponses.InvalidParam(context, "step", error).ConfigureAwait(false);
            return;
        }
        // The engine steps in whole milliseconds (upstream's durationMilliseconds); below 1ms is no step at all.
        long stepMs = stepNs / 1_000_000;
        if (stepNs <= 0 || stepMs <= 0)
        {
            await ApiResponses.InvalidParam(context, "step", "zero or negative query resolution step widths are not accepted. Try a positive integer").ConfigureAwait(false);
            return;
        }
        // end.Sub(start)/step in nanoseconds, with Go's saturating Sub.
        Int128 spanNs = (Int128)(end - start) * 1_000_000;
        if (spanNs > long.MaxValue) spanNs = long.MaxValue;
        if (spanNs / stepNs > MaxPointsPerSeries)
        {
            await ApiResponses.BadData(context, "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)").ConfigureAwait(false);
            return;
        }
        var common = await TryCommonAsync(context, p).ConfigureAwait(false);
        if (common is null) return;
        if (common.Expr.Type is not (ExprType.Vector or ExprType.Scalar))
        {
            // Upstream's NewRangeQuery refuses these before evaluation, under the query parameter.
            await ApiResponses.InvalidParam(context, "query",
                $"invalid expression type \"{QueryEngine.DocumentedType(common.Expr.Type)}\" for range query, must be Scalar or instant Vector").ConfigureAwait(false);
            return;
        }
        await ExecuteAsync(context, p, common, limit, ct => engine.RangeAsync(storage, common.Expr, start, end, stepMs, common.LookbackDelta, ct)).ConfigureAwait(false);
    }

    private sealed record Common(Expr Expr, TimeSpan? Timeout, TimeSpan? LookbackDelta);

    /// <summary>timeout, lookback_delta, then the query text, as upstream checks them after the times.</summary>
    private static async Task<Common?> TryCommonAsync(HttpContext context, ApiParams p)
    {
        TimeSpan? timeout = null;
        string text = p.Get("timeout");
        string error;
        if (text.Length > 0)
        {
            if (!ApiParsing.TryParseDuration(text, out long ns, out error))
            {
                await ApiResponses.InvalidParam(context, "timeout", error).ConfigureAwait(false);
                return null;
            }
            timeout = TimeSpan.FromTicks(Math.Max(0, ns / 100));
        }
        TimeSpan? lookback = null;
        text = p.Get("lookback_delta");
        if (text.Length > 0)
        {
            if (!ApiParsing.TryParseDuration(text, out long ns, out error))
            {
                await ApiResponses.BadData(context, "error parsing lookback delta duration: " + error).ConfigureAwait(false);
                return null;
            }
            // Zero or negative means the engine's default, as in upstream's NewPrometheusQueryOpts.
            if (ns > 0) lookback = TimeSpan.FromTicks(Math.Max(1, ns / 100));
        }
        try
        {
            return new Common(PromQlParser.Parse(p.Get("query")), timeout, lookback);
        }
        catch (ParseException e)
        {
            await ApiResponses.InvalidParam(context, "query", e.Message).ConfigureAwait(false);
            return null;
        }
    }

    private static async Task ExecuteAsync(HttpContext context, ApiParams p, Common common, int limit, Func<CancellationToken, Task<QueryResult>> run)
    {
        string query = p.Get("query");
        if (common.Timeout is { } t && t <= TimeSpan.Zero)
        {
            // A deadline that has passed before the query is queued (upstream's context deadline).
            await ApiResponses.ErrorAsync(context, "timeout", "query timed out in query queue").ConfigureAwait(false);
            return;
        }
        QueryResult result;
        using (var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted))
        {
            if (common.Timeout is { } timeout) cts.CancelAfter(timeout);
            result = await RunAsync(run, cts.Token).ConfigureAwait(false);
            if (result.Error is { Kind: QueryErrorKind.Canceled } canceled && cts.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
            {
                // Our deadline, not the client: upstream's context deadline surfaces as a timeout.
                result = new QueryResult
                {
                    Error = new QueryError(QueryErrorKind.Timeout, canceled.Message.Replace("query was canceled in", "query timed out in", StringComparison.Ordinal)),
                };
            }
        }
        if (result.Error is { } error)
        {
            await ApiResponses.ErrorAsync(context, ErrorType(error.Kind), error.Message).ConfigureAwait(false);
            return;
        }
        var (warnings, infos) = Render(result.Annotations, query);
        if (limit > 0 && Truncate(result, limit)) warnings.Add(SeriesApi.TruncatedWarning);
        bool stats = p.Get("stats").Length > 0;
        await ApiResponses.SuccessStreamingAsync(context, (json, flush) => QueryResultJson.WriteAsync(json, result, stats, flush), warnings, infos).ConfigureAwait(false);
    }

    private static async Task<QueryResult> RunAsync(Func<CancellationToken, Task<QueryResult>> run, CancellationToken cancellationToken)
    {
        try
        {
            return await run(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return new QueryResult { Error = new QueryError(QueryErrorKind.Canceled, "query was canceled in query execution") };
        }
#pragma warning disable CA1031 // An engine bug must become upstream's "unexpected error" answer, not a dropped connection.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new QueryResult { Error = new QueryError(QueryErrorKind.Execution, "unexpected error: " + e.Message) };
        }
    }

    /// <summary>returnAPIError: the engine's error kinds as the API's errorType.</summary>
    public static string ErrorType(QueryErrorKind kind) => kind switch
    {
        QueryErrorKind.BadData => "bad_data",
        QueryErrorKind.Execution => "execution",
        QueryErrorKind.Timeout => "timeout",
        QueryErrorKind.Canceled => "canceled",
        _ => "internal",
    };

    /// <summary>annotations.AsStrings(query, 10, 10): at most ten of each, the rest counted in one line.</summary>
    public static (List<string> Warnings, List<string> Infos) Render(Annotations annotations, string query)
    {
        var warnings = new List<string>();
        var infos = new List<string>();
        int warnSkipped = 0, infoSkipped = 0;
        foreach (var a in annotations.Items)
        {
            var into = a.Kind == AnnotationKind.Info ? infos : warnings;
            if (into.Count < MaxAnnotations) into.Add(a.Render(query));
            else if (a.Kind == AnnotationKind.Info) infoSkipped++;
            else warnSkipped++;
        }
        if (warnSkipped > 0) warnings.Add($"{warnSkipped} more warning annotations omitted");
        if (infoSkipped > 0) infos.Add($"{infoSkipped} more info annotations omitted");
        return (warnings, infos);
    }

    /// <summary>truncateResults: a vector or matrix longer than the limit is cut.</summary>
    private static bool Truncate(QueryResult result, int limit)
    {
        if (result.Vector is { } v && v.Count > limit)
        {
            v.RemoveRange(limit, v.Count - limit);
            return true;
        }
        if (result.Matrix is { } m && m.Count > limit)
        {
            m.RemoveRange(limit, m.Count - limit);
            return true;
        }
        return false;
    }
}
