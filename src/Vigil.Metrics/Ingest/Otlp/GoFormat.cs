using System.Globalization;
using System.Text;

namespace Vigil.Metrics.Ingest.Otlp;

/// <summary>
/// Go's number and string renderings that end up inside label values and exposition text, byte for byte:
/// <c>strconv.FormatFloat(x, 'f' | 'e' | 'g', -1, 64)</c> (shortest round-trip digits), the ES6 style
/// <c>encoding/json</c> and pdata's <c>AsString</c> use, and <c>%q</c> for error messages.
/// </summary>
internal static class GoFormat
{
    /// <summary><c>strconv.FormatFloat(x, 'f', -1, 64)</c>: <c>1000000</c>, <c>0.00001</c>, <c>+Inf</c>.</summary>
    public static string FormatF(double x)
    {
        if (TrySpecial(x, out string? special)) return special;
        var sb = new StringBuilder(24);
        AppendF(sb, x);
        return sb.ToString();
    }

    /// <summary><c>strconv.FormatFloat(x, 'g', -1, 64)</c>: exponent form when the exponent is below -4 or at least 6 (<c>1e+06</c>).</summary>
    public static string FormatG(double x)
    {
        if (TrySpecial(x, out string? special)) return special;
        var sb = new StringBuilder(24);
        AppendG(sb, x);
        return sb.ToString();
    }

    public static void AppendG(StringBuilder sb, double x)
    {
        if (TrySpecial(x, out string? special)) { sb.Append(special); return; }
        Span<char> digits = stackalloc char[32];
        int n = Decompose(x, digits, out int dp, out bool negative);
        int exp = dp - 1;
        // Go: "if precision was the shortest possible, use precision 6 for this decision".
        if (n > 0 && (exp < -4 || exp >= 6)) AppendE(sb, negative, digits[..n], dp);
        else AppendFixed(sb, negative, digits[..n], dp);
    }

    public static void AppendF(StringBuilder sb, double x)
    {
        if (TrySpecial(x, out string? special)) { sb.Append(special); return; }
        Span<char> digits = stackalloc char[32];
        int n = Decompose(x, digits, out int dp, out bool negative);
        AppendFixed(sb, negative, digits[..n], dp);
    }

    /// <summary>
    /// How pdata's <c>AsString</c> and <c>encoding/json</c> print a double (ES6 number to string): fixed
    /// notation unless |x| &lt; 1e-6 or ≥ 1e21, exponents unpadded (<c>1e-7</c>, <c>1e+21</c>).
    /// Returns false for NaN and infinities, which JSON cannot hold.
    /// </summary>
    public static bool TryAppendEs6(StringBuilder sb, double x)
    {
        if (!double.IsFinite(x)) return false;
        Span<char> digits = stackalloc char[32];
        int n = Decompose(x, digits, out int dp, out bool negative);
        double abs = Math.Abs(x);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21))
        {
            int start = sb.Length;
            AppendE(sb, negative, digits[..n], dp);
            // clean up e-09 to e-9
            int len = sb.Length;
            if (len - start >= 4 && sb[len - 4] == 'e' && sb[len - 3] == '-' && sb[len - 2] == '0') sb.Remove(len - 2, 1);
        }
        else
        {
            AppendFixed(sb, negative, digits[..n], dp);
        }
        return true;
    }

    private static bool TrySpecial(double x, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? text)
    {
        text = double.IsNaN(x) ? "NaN" : double.IsPositiveInfinity(x) ? "+Inf" : double.IsNegativeInfinity(x) ? "-Inf" : null;
        return text is not null;
    }

    private static void AppendFixed(StringBuilder sb, bool negative, ReadOnlySpan<char> digits, int dp)
    {
        if (negative) sb.Append('-');
        if (digits.IsEmpty) { sb.Append('0'); return; }
        if (dp <= 0)
        {
            sb.Append("0.").Append('0', -dp).Append(digits);
        }
        else if (dp >= digits.Length)
        {
            sb.Append(digits).Append('0', dp - digits.Length);
        }
        else
        {
            sb.Append(digits[..dp]).Append('.').Append(digits[dp..]);
        }
    }

    private static void AppendE(StringBuilder sb, bool negative, ReadOnlySpan<char> digits, int dp)
    {
        if (negative) sb.Append('-');
        if (digits.IsEmpty) { sb.Append("0e+00"); return; }
        sb.Append(digits[0]);
        if (digits.Length > 1) sb.Append('.').Append(digits[1..]);
        int exp = dp - 1;
        sb.Append('e').Append(exp < 0 ? '-' : '+');
        exp = Math.Abs(exp);
        if (exp < 10) sb.Append('0');
        sb.Append(exp.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Shortest round-trip decimal digits of |x| (no leading or trailing zeros; empty for zero) and the
    /// decimal point position: x = 0.d1d2d3… × 10^dp. .NET's "R" format yields the same shortest digits
    /// as Go's strconv (both print the shortest string that parses back to the same double).
    /// </summary>
    private static int Decompose(double x, Span<char> digits, out int dp, out bool negative)
    {
        negative = double.IsNegative(x);
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
