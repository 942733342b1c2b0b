using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Parser;

namespace Vigil.Metrics.Api;

/// <summary>
/// The query helpers beside query/query_range (web/api/v1/api.go formatQuery, parseQuery, queryExemplars):
/// format_query answers the parser's pretty form, parse_query its AST as JSON (translate_ast.go's shape), query_exemplars validates its
/// parameters and answers an empty list (Vigil stores no exemplars yet), or 204 when the query has no selector.
/// </summary>
internal static class QueryToolsApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/api/v1/format_query", ["GET", "POST"], FormatQueryAsync);
        endpoints.MapMethods("/api/v1/parse_query", ["GET", "POST"], ParseQueryAsync);
        endpoints.MapMethods("/api/v1/query_exemplars", ["GET", "POST"], QueryExemplarsAsync);
    }

    private static async Task FormatQueryAsync(HttpContext context)
    {
        var p = await ApiParams.ReadAsync(context).ConfigureAwait(false);
        if (await ParseAsync(context, p.Get("query"), prefixed: true).ConfigureAwait(false) is not { } expr) return;
        string text = Printer.Pretty(expr);
        await ApiResponses.SuccessAsync(context, json => json.WriteStringValue(text)).ConfigureAwait(false);
    }

    private static async Task ParseQueryAsync(HttpContext context)
    {
        var p = await ApiParams.ReadAsync(context).ConfigureAwait(false);
        if (await ParseAsync(context, p.Get("query"), prefixed: true).ConfigureAwait(false) is not { } expr) return;
        await ApiResponses.SuccessAsync(context, json => AstJson.Write(json, expr)).ConfigureAwait(false);
    }

    private static async Task QueryExemplarsAsync(HttpContext context)
    {
        var p = await ApiParams.ReadAsync(context).ConfigureAwait(false);
        if (!ApiParsing.TryParseTimeParam(p, "start", ApiParsing.MinTimeMs, out long start, out string error))
        {
            await ApiResponses.InvalidParam(context, "start", error).ConfigureAwait(false);
            return;
        }
        if (!ApiParsing.TryParseTimeParam(p, "end", ApiParsing.MaxTimeMs, out long end, out error))
        {
            await ApiResponses.InvalidParam(context, "end", error).ConfigureAwait(false);
            return;
        }
        if (end < start)
        {
            await ApiResponses.BadData(context, "end timestamp must not be before start timestamp").ConfigureAwait(false);
            return;
        }
        if (await ParseAsync(context, p.Get("query"), prefixed: false).ConfigureAwait(false) is not { } expr) return;
        if (!HasSelector(expr))
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        await ApiResponses.SuccessAsync(context, json =>
        {
            json.WriteStartArray();
            json.WriteEndArray();
        }).ConfigureAwait(false);
    }

    /// <summary>Parses, or answers the parse error (with upstream's <c>invalid parameter "query"</c> prefix where it has one).</summary>
    private static async Task<Expr?> ParseAsync(HttpContext context, string query, bool prefixed)
    {
        try
        {
            return PromQlParser.Parse(query);
        }
        catch (ParseException e)
        {
            if (prefixed) await ApiResponses.InvalidParam(context, "query", e.Message).ConfigureAwait(false);
            else await ApiResponses.BadData(context, e.Message).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Whether parser.ExtractSelectors would find anything.</summary>
    internal static bool HasSelector(Expr expr) => expr switch
    {
        VectorSelector => true,
        MatrixSelector => true,
        ParenExpr p => HasSelector(p.Inner),
        UnaryExpr u => HasSelector(u.Operand),
        BinaryExpr b => HasSelector(b.Left) || HasSelector(b.Right),
        AggregateExpr a => HasSelector(a.Inner) || (a.Param is not null && HasSelector(a.Param)),
        Call c => c.Args.Any(HasSelector),
        SubqueryExpr s => HasSelector(s.Inner),
        _ => false,
    };
}
