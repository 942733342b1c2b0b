using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Metrics.GoText;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Querying;
using IQueryable = Vigil.Metrics.Tsdb.Querying.IQueryable;

namespace Vigil.Metrics.Api;

/// <summary>
/// <c>/api/v1/series</c>, <c>/api/v1/labels</c> and <c>/api/v1/label/&lt;name&gt;/values</c> as Prometheus 3
/// serves them (web/api/v1/api.go series, labelNames, labelValues; api-compat 3.6): match[], start, end, limit
/// with the <c>results truncated due to limit</c> warning, GET and form POST where upstream takes both.
/// </summary>
internal static class SeriesApi
{
    public const string TruncatedWarning = "results truncated due to limit";

    public static void Map(IEndpointRouteBuilder endpoints, IQueryable storage)
    {
        endpoints.MapMethods("/api/v1/series", ["GET", "POST"], context => SeriesAsync(context, storage));
        endpoints.MapMethods("/api/v1/labels", ["GET", "POST"], context => LabelNamesAsync(context, storage));
        endpoints.MapGet("/api/v1/label/{name}/values", context => LabelValuesAsync(context, storage));
        // Some Grafana 12 development builds used the plural form (api-compat 4.4).
        endpoints.MapGet("/api/v1/labels/{name}/values", context => LabelValuesAsync(context, storage));
    }

    private static async Task SeriesAsync(HttpContext context, IQueryable storage)
    {
        var p = await ApiParams.ReadAsync(context).ConfigureAwait(false);
        var selectors = p.All("match[]");
        if (selectors.Count == 0)
        {
            await ApiResponses.BadData(context, "no match[] parameter provided").ConfigureAwait(false);
            return;
        }
        if (!TryCommon(p, out long start, out long end, out int limit, out string param, out string error))
        {
            await ApiResponses.InvalidParam(context, param, error).ConfigureAwait(false);
            return;
        }
        if (!MatchersParam.TryParse(selectors, out var sets, out error))
        {
            await ApiResponses.InvalidParam(context, "match[]", error).ConfigureAwait(false);
            return;
        }
        var found = new List<Labels>();
        using (var q = storage.Querier(start, end))
        {
            foreach (var set in sets)
                foreach (var series in q.Select(true, set)) found.Add(series.Labels);
        }
        if (sets.Count > 1)
        {
            // Several selectors: merged and deduplicated, as storage.NewMergeSeriesSet does.
            found.Sort(Labels.Compare);
            int w = 0;
            for (int i = 0; i < found.Count; i++)
            {
                if (w > 0 && found[w - 1].Equals(found[i])) continue;
                found[w++] = found[i];
            }
            found.RemoveRange(w, found.Count - w);
        }
        List<string>? warnings = null;
        if (limit > 0 && found.Count > limit)
        {
            found.RemoveRange(limit, found.Count - limit);
            warnings = [TruncatedWarning];
        }
        await ApiResponses.SuccessAsync(context, json =>
        {
            json.WriteStartArray();
            foreach (var labels in found) MatchersParam.WriteLabels(json, labels);
            json.WriteEndArray();
        }, warnings, null).ConfigureAwait(false);
    }

    private static async Task LabelNamesAsync(HttpContext context, IQueryable storage)
    {
        if (await ReadLabelQueryAsync(context).ConfigureAwait(false) is not var (start, end, limit, sets)) return;
        List<string> names;
        using (var q = storage.Querier(start, end))
        {
            if (sets.Count == 0)
            {
                names = [.. q.LabelNames([])];
            }
            else
            {
                var set = new HashSet<string>(StringComparer.Ordinal);
                foreach (var matchers in sets) set.UnionWith(q.LabelNames(matchers));
                names = [.. set];
                names.Sort(StringComparer.Ordinal);
            }
        }
        await WriteTruncatedAsync(context, names, limit).ConfigureAwait(false);
    }

    private static async Task LabelValuesAsync(HttpContext context, IQueryable storage)
    {
        string name = (string)context.Request.RouteValues["name"]!;
        // Names that are not legacy identifiers arrive U__-escaped (Prometheus decodes them since 3.1).
        if (name.StartsWith("U__", StringComparison.Ordinal)) name = UnescapeName(name);
        if (name.Length == 0)
        {
            await ApiResponses.BadData(context, $"invalid label name: {GoQuote.Quote(name)}").ConfigureAwait(false);
            return;
        }
        if (await ReadLabelQueryAsync(context).ConfigureAwait(false) is not var (start, end, limit, sets)) return;
        List<string> values;
        using (var q = storage.Querier(start, end))
        {
            if (sets.Count == 0)
            {
                values = [.. q.LabelValues(name, [])];
            }
            else
            {
                var set = new HashSet<string>(StringComparer.Ordinal);
                foreach (var matchers in sets) set.UnionWith(q.LabelValues(name, matchers));
                values = [.. set];
            }
        }
        values.Sort(StringComparer.Ordinal);
        await WriteTruncatedAsync(context, values, limit).ConfigureAwait(false);
    }

    /// <summary>The parameters /labels and /label/&lt;name&gt;/values share; null once an error response is written.</summary>
    private static async Task<LabelQuery?> ReadLabelQueryAsync(HttpContext context)
    {
        var p = await ApiParams.ReadAsync(context).ConfigureAwait(false);
        if (!TryCommon(p, out long start, out long end, out int limit, out string param, out string error))
        {
            await ApiResponses.InvalidParam(context, param, error).ConfigureAwait(false);
            return null;
        }
        if (!MatchersParam.TryParse(p.All("match[]"), out var sets, out error))
        {
            await ApiResponses.BadData(context, error).ConfigureAwait(false);
            return null;
        }
        return new LabelQuery(start, end, limit, sets);
    }

    private readonly record struct LabelQuery(long Start, long End, int Limit, List<IReadOnlyList<Matcher>> Sets);

    private static Task WriteTruncatedAsync(HttpContext context, List<string> items, int limit)
    {
        List<string>? warnings = null;
        if (limit > 0 && items.Count > limit)
        {
            items.RemoveRange(limit, items.Count - limit);
            warnings = [TruncatedWarning];
        }
        return ApiResponses.SuccessAsync(context, json => ApiResponses.WriteStringArray(json, items), warnings, null);
    }

    /// <summary>limit, start and end (default: all time), in the order upstream checks them.</summary>
    private static bool TryCommon(ApiParams p, out long start, out long end, out int limit, out string param, out string error)
    {
        start = end = 0;
        param = "limit";
        if (!ApiParsing.TryParseLimit(p.Get("limit"), out limit, out error)) return false;
        param = "start";
        if (!ApiParsing.TryParseTimeParam(p, "start", ApiParsing.MinTimeMs, out start, out error)) return false;
        param = "end";
        return ApiParsing.TryParseTimeParam(p, "end", ApiParsing.MaxTimeMs, out end, out error);
    }

    /// <summary>
    /// prometheus/common UnescapeName for value-encoding escaping: after <c>U__</c>, <c>__</c> is <c>_</c> and
    /// <c>_hex_</c> a code point; anything malformed leaves the name as it came.
    /// </summary>
    internal static string UnescapeName(string escaped)
    {
        var s = escaped.AsSpan(3);
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c != '_')
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != ':') return escaped;
                sb.Append(c);
                continue;
            }
            if (i + 1 >= s.Length) return escaped;
            if (s[i + 1] == '_')
            {
                sb.Append('_');
                i++;
                continue;
            }
            int close = s[(i + 1)..].IndexOf('_');
            if (close <= 0 || close > 8) return escaped;
            var hex = s.Slice(i + 1, close);
            if (!int.TryParse(hex, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out int cp)
                || cp is < 0 or > 0x10FFFF or (>= 0xD800 and <= 0xDFFF))
                return escaped;
            sb.Append(char.ConvertFromUtf32(cp));
            i += close + 1;
        }
        return sb.ToString();
    }
}
