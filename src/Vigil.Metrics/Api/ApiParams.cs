using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Vigil.Metrics.GoText;

namespace Vigil.Metrics.Api;

/// <summary>
/// A request's parameters as Go's <c>r.Form</c> merges them: a form-urlencoded body's values first, then the URL
/// query's (api-compat 3.3). <see cref="Get"/> is Go's <c>FormValue</c> (first value, empty when absent).
/// </summary>
internal sealed class ApiParams
{
    private readonly IFormCollection? _form;
    private readonly IQueryCollection _query;

    private ApiParams(IFormCollection? form, IQueryCollection query)
    {
        _form = form;
        _query = query;
    }

    public static async Task<ApiParams> ReadAsync(HttpContext context)
    {
        IFormCollection? form = null;
        if (context.Request.HasFormContentType && !HttpMethods.IsGet(context.Request.Method))
        {
            try
            {
                form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            }
            catch (InvalidDataException)
            {
                // Go's FormValue ignores a body it cannot parse and reads the URL's parameters; so do we.
                form = null;
            }
        }
        return new ApiParams(form, context.Request.Query);
    }

    public string Get(string name)
    {
        if (_form is not null && _form.TryGetValue(name, out var f) && f.Count > 0) return f[0] ?? "";
        return _query.TryGetValue(name, out var q) && q.Count > 0 ? q[0] ?? "" : "";
    }

    public List<string> All(string name)
    {
        var result = new List<string>();
        if (_form is not null && _form.TryGetValue(name, out var f)) Add(result, f);
        if (_query.TryGetValue(name, out var q)) Add(result, q);
        return result;
    }

    private static void Add(List<string> result, StringValues values)
    {
        foreach (var v in values) result.Add(v ?? "");
    }
}

/// <summary>Parameter parsing with upstream's error texts (web/api/v1/api.go parseTime, parseDuration, parseLimitParam).</summary>
internal static class ApiParsing
{
    /// <summary>The smallest and largest times upstream accepts (api.go minTime/maxTime), in ms.</summary>
    public const long MinTimeMs = -9223309901257974L;
    public const long MaxTimeMs = 9223309901257974L;

    /// <summary>
    /// parseTime: float Unix seconds (fraction rounded to ms) or RFC 3339; error text
    /// <c>cannot parse "x" to a valid timestamp</c>.
    /// </summary>
    public static bool TryParseTime(string text, out long ms, out string error)
    {
        error = "";
        if (TryParseGoFloat(text, out double seconds))
        {
            // Go: s, ns := math.Modf(t); ns = math.Round(ns*1000)/1000; time.Unix(int64(s), int64(ns*1e9)).
            double whole = Math.Truncate(seconds);
            double frac = Math.Round((seconds - whole) * 1000, MidpointRounding.AwayFromZero) / 1000;
            long ns = (long)(frac * 1e9);
            if (!double.IsFinite(whole) || whole >= 9.2e15 || whole <= -9.2e15)
            {
                ms = whole < 0 || double.IsNaN(whole) ? MinTimeMs : MaxTimeMs;
                return true;
            }
            long sec = (long)whole;
            ms = sec * 1000 + (long)Math.Floor(ns / 1e6);
            return true;
        }
        if (TryParseRfc3339(text, out ms)) return true;
        ms = 0;
        error = $"cannot parse {GoQuote.Quote(text)} to a valid timestamp";
        return false;
    }

    /// <summary>parseTimeParam: absent → default; bad → <c>invalid time value for 'name': cannot parse ...</c>.</summary>
    public static bool TryParseTimeParam(ApiParams p, string name, long defaultMs, out long ms, out string error)
    {
        string text = p.Get(name);
        error = "";
        if (text.Length == 0)
        {
            ms = defaultMs;
            return true;
        }
        if (TryParseTime(text, out ms, out string inner)) return true;
        error = $"invalid time value for '{name}': {inner}";
        return false;
    }

    /// <summary>
    /// parseDuration: float seconds or a Prometheus duration (<c>1h30m</c>); error text
    /// <c>cannot parse "x" to a valid duration</c>. Result in nanoseconds, as Go's time.Duration.
    /// </summary>
    public static bool TryParseDuration(string text, out long ns, out string error)
    {
        error = "";
        if (TryParseGoFloat(text, out double seconds))
        {
            double t = seconds * 1e9;
            if (t > 9.223372036854775807e18 || t < -9.223372036854775808e18 || double.IsNaN(t))
            {
                ns = 0;
                error = $"cannot parse {GoQuote.Quote(text)} to a valid duration. It overflows int64";
                return false;
            }
            ns = (long)t;
            return true;
        }
        if (Vigil.Core.Text.Duration.TryParse(text, out var d) && d.Ticks <= long.MaxValue / 100)
        {
            ns = d.Ticks * 100;
            return true;
        }
        ns = 0;
        error = $"cannot parse {GoQuote.Quote(text)} to a valid duration";
        return false;
    }

    /// <summary>parseLimitParam: empty → 0 (no limit); Go's Atoi text or <c>limit must be non-negative</c>.</summary>
    public static bool TryParseLimit(string text, out int limit, out string error)
    {
        error = "";
        limit = 0;
        if (text.Length == 0) return true;
        if (!TryAtoi(text, out limit, out error)) return false;
        if (limit < 0)
        {
            error = "limit must be non-negative";
            return false;
        }
        return true;
    }

    /// <summary>Go's <c>strconv.Atoi</c> with its error texts.</summary>
    public static bool TryAtoi(string text, out int value, out string error)
    {
        error = "";
        value = 0;
        var span = text.AsSpan();
        bool ok = span.Length > 0;
        int start = span.Length > 0 && span[0] is '+' or '-' ? 1 : 0;
        if (start == span.Length) ok = false;
        for (int i = start; ok && i < span.Length; i++)
        {
            if (!char.IsAsciiDigit(span[i])) ok = false;
        }
        if (!ok)
        {
            error = $"strconv.Atoi: parsing {GoQuote.Quote(text)}: invalid syntax";
            return false;
        }
        if (!long.TryParse(span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l) || l > int.MaxValue || l < int.MinValue)
        {
            // Go's int is 64-bit; values beyond int32 are honoured there, so clamp rather than refuse.
            value = span[0] == '-' ? int.MinValue : int.MaxValue;
            if (span.Length > 19)
            {
                error = $"strconv.Atoi: parsing {GoQuote.Quote(text)}: value out of range";
                return false;
            }
            return true;
        }
        value = (int)l;
        return true;
    }

    /// <summary>
    /// strconv.ParseFloat's accepted forms that matter here: decimal with optional sign, fraction and exponent,
    /// <c>Inf</c>/<c>+Inf</c>/<c>-Inf</c>/<c>Infinity</c>, <c>NaN</c> (case-insensitive). No thousands separators or spaces.
    /// </summary>
    private static bool TryParseGoFloat(string text, out double value)
    {
        value = 0;
        if (text.Length == 0) return false;
        var s = text.AsSpan();
        var body = s[0] is '+' or '-' ? s[1..] : s;
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = s[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return body.Length == s.Length;
        }
        foreach (char c in body)
        {
            if (!(char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-')) return false;
        }
        // Go reports a range error (and so no float) where .NET returns an infinity.
        return double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>Go's <c>time.Parse(time.RFC3339Nano, s)</c>: date, <c>T</c>, time, optional fraction, <c>Z</c> or ±hh:mm.</summary>
    private static bool TryParseRfc3339(string text, out long ms)
    {
        ms = 0;
        if (text.Length < 20 || text[10] != 'T') return false;
        // .NET parses at most 7 fraction digits (100 ns); Go takes 9. The extra digits cannot change the ms.
        int dot = text.IndexOf('.', 19);
        if (dot == 19)
        {
            int end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
            if (end - dot - 1 > 7) text = string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
        }
        if (!DateTimeOffset.TryParseExact(text, Rfc3339Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
            return false;
        long ticks = t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        ms = (long)Math.Floor(ticks / 10_000.0);
        return true;
    }

    private static readonly string[] Rfc3339Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];
}
