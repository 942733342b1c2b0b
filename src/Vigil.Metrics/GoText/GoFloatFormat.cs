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
        Span<byte> ascii = stackalloc byte[MaxChars];
        return Widen(ascii[..FormatF(x, ascii)], dest);
    }

    /// <summary><c>'e'</c> into dest (at least <see cref="MaxChars"/> long); returns the length.</summary>
    public static int FormatE(double x, Span<char> dest)
    {
        Span<byte> ascii = stackalloc byte[MaxChars];
        return Widen(ascii[..FormatE(x, ascii)], dest);
    }

    /// <summary><c>'g'</c> into dest (at least <see cref="MaxChars"/> long); returns the length.</summary>
    public static int FormatG(double x, Span<char> dest)
    {
        Span<byte> ascii = stackalloc byte[MaxChars];
        return Widen(ascii[..FormatG(x, ascii)], dest);
    }

    /// <summary><c>'f'</c> as ASCII bytes into dest (at least <see cref="MaxChars"/> long); returns the length.</summary>
    public static int FormatF(double x, Span<byte> dest)
    {
        if (TrySpecial(x, dest, out int n)) return n;
        Span<byte> digits = stackalloc byte[32];
        int nd = Decompose(x, digits, out int dp);
        return Fixed(double.IsNegative(x), digits[..nd], dp, dest);
    }

    /// <summary><c>'e'</c> as ASCII bytes into dest (at least <see cref="MaxChars"/> long); returns the length.</summary>
    public static int FormatE(double x, Span<byte> dest)
    {
        if (TrySpecial(x, dest, out int n)) return n;
        Span<byte> digits = stackalloc byte[32];
        int nd = Decompose(x, digits, out int dp);
        return Exponent(double.IsNegative(x), digits[..nd], dp, dest);
    }

    /// <summary><c>'g'</c> as ASCII bytes into dest (at least <see cref="MaxChars"/> long); returns the length.</summary>
    public static int FormatG(double x, Span<byte> dest)
    {
        if (TrySpecial(x, dest, out int n)) return n;
        Span<byte> digits = stackalloc byte[32];
        int nd = Decompose(x, digits, out int dp);
        int exp = dp - 1;
        // Go: "if precision was the shortest possible, use precision 6 for this decision".
        return nd > 0 && (exp < -4 || exp >= 6)
            ? Exponent(double.IsNegative(x), digits[..nd], dp, dest)
            : Fixed(double.IsNegative(x), digits[..nd], dp, dest);
    }

    /// <summary>ASCII bytes to chars: the text is built once, in bytes, for both UTF-8 and string callers.</summary>
    internal static int Widen(ReadOnlySpan<byte> ascii, Span<char> dest)
    {
        for (int i = 0; i < ascii.Length; i++) dest[i] = (char)ascii[i];
        return ascii.Length;
    }

    private static bool TrySpecial(double x, Span<byte> dest, out int n)
    {
        ReadOnlySpan<byte> s = double.IsNaN(x) ? "NaN"u8 : double.IsPositiveInfinity(x) ? "+Inf"u8 : double.IsNegativeInfinity(x) ? "-Inf"u8 : default;
        if (s.IsEmpty) { n = 0; return false; }
        s.CopyTo(dest);
        n = s.Length;
        return true;
    }

    private static int Fixed(bool negative, ReadOnlySpan<byte> digits, int dp, Span<byte> dest)
    {
        int pos = 0;
        int nd = digits.Length;
        if (negative) dest[pos++] = (byte)'-';
        if (nd == 0)
        {
            dest[pos++] = (byte)'0';
            return pos;
        }
        if (dp <= 0)
        {
            dest[pos++] = (byte)'0';
            dest[pos++] = (byte)'.';
            dest.Slice(pos, -dp).Fill((byte)'0');
            pos += -dp;
            digits.CopyTo(dest[pos..]);
            return pos + nd;
        }
        if (dp >= nd)
        {
            digits.CopyTo(dest[pos..]);
            pos += nd;
            dest.Slice(pos, dp - nd).Fill((byte)'0');
            return pos + dp - nd;
        }
        digits[..dp].CopyTo(dest[pos..]);
        pos += dp;
        dest[pos++] = (byte)'.';
        digits[dp..].CopyTo(dest[pos..]);
        return pos + nd - dp;
    }

    private static int Exponent(bool negative, ReadOnlySpan<byte> digits, int dp, Span<byte> dest)
    {
        int pos = 0;
        int nd = digits.Length;
        if (negative) dest[pos++] = (byte)'-';
        if (nd == 0)
        {
            "0e+00"u8.CopyTo(dest[pos..]);
            return pos + 5;
        }
        dest[pos++] = digits[0];
        if (nd > 1)
        {
            dest[pos++] = (byte)'.';
            digits[1..].CopyTo(dest[pos..]);
            pos += nd - 1;
        }
        int exp = dp - 1;
        dest[pos++] = (byte)'e';
        dest[pos++] = exp < 0 ? (byte)'-' : (byte)'+';
        exp = Math.Abs(exp);
        if (exp < 10) dest[pos++] = (byte)'0';
        exp.TryFormat(dest[pos..], out int w, default, CultureInfo.InvariantCulture);
        return pos + w;
    }

    /// <summary>
    /// Shortest round-trip decimal digits of |x| (no leading or trailing zeros; empty for zero) and the
    /// decimal point position: |x| = 0.d1d2d3… × 10^dp (<see cref="ShortestDecimal"/>, Go's choice of digits).
    /// </summary>
    private static int Decompose(double x, Span<byte> digits, out int dp)
    {
        dp = 0;
        if (x == 0) return 0;
        ulong value = ShortestDecimal.Compute(x, out int exponent);
        while (value % 10 == 0)
        {
            value /= 10;
            exponent++;
        }
        value.TryFormat(digits, out int n, default, CultureInfo.InvariantCulture);
        dp = n + exponent;
        return n;
    }
}
