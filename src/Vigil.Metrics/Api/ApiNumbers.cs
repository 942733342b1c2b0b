using System.Globalization;

namespace Vigil.Metrics.Api;

/// <summary>
/// Numbers and times as Prometheus's API writes them (api-compat 3.4; util/jsonutil/marshal.go,
/// promql/value.go, Go's strconv and encoding/json). Span-based: a range result renders millions of points.
/// </summary>
internal static class ApiNumbers
{
    /// <summary>Room for any rendering below (shortest digits are at most 17, plus sign, point, zeros, exponent).</summary>
    public const int MaxChars = 400;

    /// <summary>
    /// A sample value (jsonutil.MarshalFloat, without the quotes): <c>strconv.AppendFloat(f, 'f', -1)</c> unless
    /// |f| &lt; 1e-6 or ≥ 1e21, then <c>'e'</c> (<c>1e-07</c>, <c>1e+21</c>); <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>.
    /// </summary>
    public static int FormatSampleValue(double f, Span<char> dest)
    {
        if (TrySpecial(f, dest, out int n)) return n;
        double abs = Math.Abs(f);
        return abs != 0 && (abs < 1e-6 || abs >= 1e21) ? FormatE(f, dest) : FormatF(f, dest);
    }

    /// <summary>
    /// A point timestamp (jsonutil.MarshalTimestamp): seconds, and when the millisecond part is non-zero a
    /// point and exactly three digits (<c>1435781451.781</c>, <c>1.050</c>, <c>-0.500</c>).
    /// </summary>
    public static int FormatTimestamp(long ms, Span<char> dest)
    {
        int pos = 0;
        ulong t = (ulong)ms;
        if (ms < 0)
        {
            dest[pos++] = '-';
            t = (ulong)-(ms + 1) + 1; // long.MinValue safe
        }
        ((t / 1000)).TryFormat(dest[pos..], out int w, default, CultureInfo.InvariantCulture);
        pos += w;
        ulong fraction = t % 1000;
        if (fraction != 0)
        {
            dest[pos++] = '.';
            dest[pos++] = (char)('0' + fraction / 100);
            dest[pos++] = (char)('0' + fraction / 10 % 10);
            dest[pos++] = (char)('0' + fraction % 10);
        }
        return pos;
    }

    /// <summary><c>strconv.FormatFloat(f, 'f', -1, 64)</c>: the scalar result value (always plain notation).</summary>
    public static string FormatF(double f)
    {
        Span<char> buf = stackalloc char[MaxChars];
        int n = TrySpecial(f, buf, out int s) ? s : FormatF(f, buf);
        return new string(buf[..n]);
    }

    /// <summary><c>strconv.FormatFloat(f, 'e', -1, 64)</c>: alert values (<c>1e+00</c>, <c>4.2e+01</c>).</summary>
    public static string FormatE(double f)
    {
        Span<char> buf = stackalloc char[MaxChars];
        int n = TrySpecial(f, buf, out int s) ? s : FormatE(f, buf);
        return new string(buf[..n]);
    }

    /// <summary>
    /// A float64 through Go's encoding/json (scalar/string result timestamps, stats timings, durations):
    /// plain unless |f| &lt; 1e-6 or ≥ 1e21, exponent then with <c>e-7</c> cleaned from <c>e-07</c>.
    /// </summary>
    public static string FormatJsonFloat(double f)
    {
        if (!double.IsFinite(f)) return "0"; // encoding/json refuses these; never produced by callers
        Span<char> buf = stackalloc char[MaxChars];
        double abs = Math.Abs(f);
        int n;
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21))
        {
            n = FormatE(f, buf);
            if (n >= 4 && buf[n - 4] == 'e' && buf[n - 3] == '-' && buf[n - 2] == '0')
            {
                buf[n - 2] = buf[n - 1];
                n--;
            }
        }
        else
        {
            n = FormatF(f, buf);
        }
        return new string(buf[..n]);
    }

    private static bool TrySpecial(double f, Span<char> dest, out int n)
    {
        string? s = double.IsNaN(f) ? "NaN" : double.IsPositiveInfinity(f) ? "+Inf" : double.IsNegativeInfinity(f) ? "-Inf" : null;
        if (s is null) { n = 0; return false; }
        s.AsSpan().CopyTo(dest);
        n = s.Length;
        return true;
    }

    private static int FormatF(double f, Span<char> dest)
    {
        Span<char> digits = stackalloc char[32];
        int nd = Decompose(f, digits, out int dp);
        int pos = 0;
        if (double.IsNegative(f)) dest[pos++] = '-';
        if (nd == 0)
        {
            dest[pos++] = '0';
            return pos;
        }
        if (dp <= 0)
        {
            dest[pos++] = '0';
            dest[pos++] = '.';
            for (int i = 0; i < -dp; i++) dest[pos++] = '0';
            digits[..nd].CopyTo(dest[pos..]);
            return pos + nd;
        }
        if (dp >= nd)
        {
            digits[..nd].CopyTo(dest[pos..]);
            pos += nd;
            for (int i = nd; i < dp; i++) dest[pos++] = '0';
            return pos;
        }
        digits[..dp].CopyTo(dest[pos..]);
        pos += dp;
        dest[pos++] = '.';
        digits[dp..nd].CopyTo(dest[pos..]);
        return pos + nd - dp;
    }

    private static int FormatE(double f, Span<char> dest)
    {
        Span<char> digits = stackalloc char[32];
        int nd = Decompose(f, digits, out int dp);
        int pos = 0;
        if (double.IsNegative(f)) dest[pos++] = '-';
        if (nd == 0)
        {
            "0e+00".AsSpan().CopyTo(dest[pos..]);
            return pos + 5;
        }
        dest[pos++] = digits[0];
        if (nd > 1)
        {
            dest[pos++] = '.';
            digits[1..nd].CopyTo(dest[pos..]);
            pos += nd - 1;
        }
        int exp = dp - 1;
        dest[pos++] = 'e';
        dest[pos++] = exp < 0 ? '-' : '+';
        exp = Math.Abs(exp);
        if (exp < 10) dest[pos++] = '0';
        exp.TryFormat(dest[pos..], out int w, default, CultureInfo.InvariantCulture);
        return pos + w;
    }

    /// <summary>
    /// Shortest round-trip digits of |f| (no leading/trailing zeros, empty for zero) and the decimal point
    /// position: |f| = 0.d1d2… × 10^dp. .NET's "R" prints the same shortest digits Go's strconv does.
    /// </summary>
    private static int Decompose(double f, Span<char> digits, out int dp)
    {
        dp = 0;
        if (f == 0) return 0;
        Span<char> text = stackalloc char[40];
        Math.Abs(f).TryFormat(text, out int written, "R", CultureInfo.InvariantCulture);
        text = text[..written];
        int exp = 0;
        int e = text.IndexOf('E');
        if (e >= 0)
        {
            exp = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        int n = 0, intDigits = 0;
        bool seenPoint = false, leading = true;
        foreach (char c in text)
        {
            if (c == '.') { seenPoint = true; continue; }
            if (!seenPoint) intDigits++;
            if (leading && c == '0')
            {
                intDigits--; // a leading zero before the point is no digit; after it, it shifts the point
                continue;
            }
            leading = false;
            digits[n++] = c;
        }
        while (n > 0 && digits[n - 1] == '0') n--;
        dp = intDigits + exp;
        return n;
    }

    /// <summary>Go's <c>time.Time</c> in JSON (RFC 3339 with nanoseconds, trailing zeros trimmed), in UTC.</summary>
    public static string FormatTime(DateTimeOffset t)
    {
        string s = t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        return s + "Z";
    }
}
