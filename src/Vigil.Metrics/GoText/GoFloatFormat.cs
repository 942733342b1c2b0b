using System.Globalization;
using System.Text;

namespace Vigil.Metrics.GoText;

/// <summary>
/// Go's float renderings, byte for byte: <c>strconv.FormatFloat(x, 'f' | 'e' | 'g', -1, 64)</c> (shortest
/// round-trip digits) and the ES6 style <c>encoding/json</c> and pdata's <c>AsString</c> use. Span-based at
/// the core (a range query result renders millions of values); string and StringBuilder forms on top.
/// </summary>
internal static class GoFloatFormat
{
    /// <summary>Room for any rendering below (shortest digits are at most 17, plus sign, point, zeros, exponent).</summary>
    public const int MaxChars = 400;

    /// <summary><c>strconv.FormatFloat(x, 'f', -1, 64)</c>: <c>1000000</c>, <c>0.00001</c>, <c>+Inf</c>.</summary>
    public static string FormatF(double x)
    {
        Span<char> buf = stackalloc char[MaxChars];
        return new string(buf[..FormatF(x, buf)]);
    }

    /// <summary><c>strconv.FormatFloat(x, 'e', -1, 64)</c>: <c>1e+00</c>, <c>4.2e+01</c>.</summary>
    public static string FormatE(double x)
    {
        Span<char> buf = stackalloc char[MaxChars];
        return new string(buf[..FormatE(x, buf)]);
    }

    /// <summary><c>strconv.FormatFloat(x, 'g', -1, 64)</c>: exponent form when the exponent is below -4 or at least 6 (<c>1e+06</c>).</summary>
    public static string FormatG(double x)
    {
        Span<char> buf = stackalloc char[MaxChars];
        return new string(buf[..FormatG(x, buf)]);
    }

    public static void AppendF(StringBuilder sb, double x)
    {
        Span<char> buf = stackalloc char[MaxChars];
        sb.Append(buf[..FormatF(x, buf)]);
    }

    public static void AppendG(StringBuilder sb, double x)
    {
        Span<char> buf = stackalloc char[MaxChars];
        sb.Append(buf[..FormatG(x, buf)]);
    }

    /// <summary>
    /// How pdata's <c>AsString</c> and <c>encoding/json</c> print a double (ES6 number to string): fixed
    /// notation unless |x| &lt; 1e-6 or ≥ 1e21, exponents unpadded (<c>1e-7</c>, <c>1e+21</c>).
    /// Returns false (appending nothing) for NaN and infinities, which JSON cannot hold.
    /// </summary>
    public static bool TryAppendEs6(StringBuilder sb, double x)
    {
        if (!double.IsFinite(x)) return false;
        Span<char> buf = stackalloc char[MaxChars];
        sb.Append(buf[..FormatEs6(x, buf)]);
        return true;
    }

    /// <summary><see cref="TryAppendEs6"/> into a span, for a finite x.</summary>
    public static int FormatEs6(double x, Span<char> dest)
    {
        double abs = Math.Abs(x);
        if (abs == 0 || (abs >= 1e-6 && abs < 1e21)) return FormatF(x, dest);
        int n = FormatE(x, dest);
        // clean up e-09 to e-9
        if (n >= 4 && dest[n - 4] == 'e' && dest[n - 3] == '-' && dest[n - 2] == '0')
        {
            dest[n - 2] = dest[n - 1];
            n--;
        }
        return n;
    }

    /// <summary><c>'f'</c> into dest (at least <see cref="MaxChars"/> long); returns the length.</summary>
    public static int FormatF(double x, Span<char> dest)
    {
        if (TrySpecial(x, dest, out int n)) return n;
        Span<char> digits = stackalloc char[32];
        int nd = Decompose(x, digits, out int dp);
        return Fixed(double.IsNegative(x), digits[..nd], dp, dest);
    }

    /// <summary><c>'e'</c> into dest (at least <see cref="MaxChars"/> long); returns the length.</summary>
    public static int FormatE(double x, Span<char> dest)
    {
        if (TrySpecial(x, dest, out int n)) return n;
        Span<char> digits = stackalloc char[32];
        int nd = Decompose(x, digits, out int dp);
        return Exponent(double.IsNegative(x), digits[..nd], dp, dest);
    }

    /// <summary><c>'g'</c> into dest (at least <see cref="MaxChars"/> long); returns the length.</summary>
    public static int FormatG(double x, Span<char> dest)
    {
        if (TrySpecial(x, dest, out int n)) return n;
        Span<char> digits = stackalloc char[32];
        int nd = Decompose(x, digits, out int dp);
        int exp = dp - 1;
        // Go: "if precision was the shortest possible, use precision 6 for this decision".
        return nd > 0 && (exp < -4 || exp >= 6)
            ? Exponent(double.IsNegative(x), digits[..nd], dp, dest)
            : Fixed(double.IsNegative(x), digits[..nd], dp, dest);
    }

    private static bool TrySpecial(double x, Span<char> dest, out int n)
    {
        string? s = double.IsNaN(x) ? "NaN" : double.IsPositiveInfinity(x) ? "+Inf" : double.IsNegativeInfinity(x) ? "-Inf" : null;
        if (s is null) { n = 0; return false; }
        s.AsSpan().CopyTo(dest);
        n = s.Length;
        return true;
    }

    private static int Fixed(bool negative, ReadOnlySpan<char> digits, int dp, Span<char> dest)
    {
        int pos = 0;
        int nd = digits.Length;
        if (negative) dest[pos++] = '-';
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
            digits.CopyTo(dest[pos..]);
            return pos + nd;
        }
        if (dp >= nd)
        {
            digits.CopyTo(dest[pos..]);
            pos += nd;
            for (int i = nd; i < dp; i++) dest[pos++] = '0';
            return pos;
        }
        digits[..dp].CopyTo(dest[pos..]);
        pos += dp;
        dest[pos++] = '.';
        digits[dp..].CopyTo(dest[pos..]);
        return pos + nd - dp;
    }

    private static int Exponent(bool negative, ReadOnlySpan<char> digits, int dp, Span<char> dest)
    {
        int pos = 0;
        int nd = digits.Length;
        if (negative) dest[pos++] = '-';
        if (nd == 0)
        {
            "0e+00".AsSpan().CopyTo(dest[pos..]);
            return pos + 5;
        }
        dest[pos++] = digits[0];
        if (nd > 1)
        {
            dest[pos++] = '.';
            digits[1..].CopyTo(dest[pos..]);
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
    /// Shortest round-trip decimal digits of |x| (no leading or trailing zeros; empty for zero) and the
    /// decimal point position: |x| = 0.d1d2d3… × 10^dp. .NET's "R" format yields the same shortest digits
    /// as Go's strconv (both print the shortest string that parses back to the same double).
    /// </summary>
    private static int Decompose(double x, Span<char> digits, out int dp)
    {
        dp = 0;
        if (x == 0) return 0;
        Span<char> text = stackalloc char[40];
        Math.Abs(x).TryFormat(text, out int written, "R", CultureInfo.InvariantCulture);
        text = text[..written];
        int exp = 0;
        int e = text.IndexOfAny('E', 'e');
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
                // A leading zero is not a digit: before the point it undoes the count above, after it it
                // moves the point one place left.
                intDigits--;
                continue;
            }
            leading = false;
            digits[n++] = c;
        }
        while (n > 0 && digits[n - 1] == '0') n--;
        dp = intDigits + exp;
        return n;
    }
}
