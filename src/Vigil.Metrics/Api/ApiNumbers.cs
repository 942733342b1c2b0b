using System.Globalization;
using Vigil.Metrics.GoText;

namespace Vigil.Metrics.Api;

/// <summary>
/// Numbers and times as Prometheus's API writes them (api-compat 3.4; util/jsonutil/marshal.go,
/// promql/value.go, Go's strconv and encoding/json). Span-based: a range result renders millions of points.
/// </summary>
internal static class ApiNumbers
{
    /// <summary>Room for any rendering below (shortest digits are at most 17, plus sign, point, zeros, exponent).</summary>
    public const int MaxChars = GoFloatFormat.MaxChars;

    /// <summary>
    /// A sample value (jsonutil.MarshalFloat, without the quotes): <c>strconv.AppendFloat(f, 'f', -1)</c> unless
    /// |f| &lt; 1e-6 or ≥ 1e21, then <c>'e'</c> (<c>1e-07</c>, <c>1e+21</c>); <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>.
    /// </summary>
    public static int FormatSampleValue(double f, Span<char> dest)
    {
        Span<byte> ascii = stackalloc byte[MaxChars];
        return GoFloatFormat.Widen(ascii[..FormatSampleValue(f, ascii)], dest);
    }

    /// <summary><see cref="FormatSampleValue(double, Span{char})"/> as ASCII bytes, for JSON written straight to UTF-8.</summary>
    public static int FormatSampleValue(double f, Span<byte> dest)
    {
        double abs = Math.Abs(f);
        return abs != 0 && (abs < 1e-6 || abs >= 1e21)
            ? GoFloatFormat.FormatE(f, dest)
            : GoFloatFormat.FormatF(f, dest);
    }

    /// <summary>
    /// A float64 through Go's encoding/json (scalar/string result timestamps, stats timings, durations):
    /// plain unless |f| &lt; 1e-6 or ≥ 1e21, exponent then with <c>e-7</c> cleaned from <c>e-07</c>.
    /// </summary>
    public static string FormatJsonFloat(double f)
    {
        if (!double.IsFinite(f)) return "0"; // encoding/json refuses these; never produced by callers
        Span<char> buf = stackalloc char[MaxChars];
        return new string(buf[..GoFloatFormat.FormatEs6(f, buf)]);
    }

    /// <summary>Go's <c>time.Time</c> in JSON (RFC 3339 with nanoseconds, trailing zeros trimmed), in UTC.</summary>
    public static string FormatTime(DateTimeOffset t)
    {
        string s = t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        return s + "Z";
    }
}
