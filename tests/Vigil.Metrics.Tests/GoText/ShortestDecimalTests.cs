using System.Globalization;
using CsCheck;
using Vigil.Metrics.GoText;

namespace Vigil.Metrics.Tests.GoText;

/// <summary>
/// Ryū's digits against .NET's "R" format, which also prints the shortest digits that parse back to the same
/// double (the oracle the formatter used before): same digits, same decimal exponent, over random bit patterns
/// (every exponent, subnormals included) and the values where the algorithm's exact-case branches run.
/// </summary>
public class ShortestDecimalTests
{
    /// <summary>Digits without trailing zeros and the exponent of the last one, from .NET's shortest form.</summary>
    private static (string Digits, int Exponent) DotNet(double x)
    {
        string r = Math.Abs(x).ToString("R", CultureInfo.InvariantCulture);
        int e = 0;
        int ePos = r.IndexOf('E');
        if (ePos >= 0)
        {
            e = int.Parse(r[(ePos + 1)..], CultureInfo.InvariantCulture);
            r = r[..ePos];
        }
        int point = r.IndexOf('.');
        string digits = r.Replace(".", "", StringComparison.Ordinal);
        int fractionDigits = point < 0 ? 0 : r.Length - point - 1;
        e -= fractionDigits;
        digits = digits.TrimStart('0');
        while (digits.EndsWith('0'))
        {
            digits = digits[..^1];
            e++;
        }
        return (digits, e);
    }

    private static (string Digits, int Exponent) Ryu(double x)
    {
        ulong value = ShortestDecimal.Compute(x, out int e);
        while (value % 10 == 0)
        {
            value /= 10;
            e++;
        }
        return (value.ToString(CultureInfo.InvariantCulture), e);
    }

    private static void Check(double x)
    {
        if (!double.IsFinite(x) || x == 0) return;
        var ryu = Ryu(x);
        // Ryū's digits always read back as x.
        Assert.Equal(Math.Abs(x), double.Parse(ryu.Digits + "e" + ryu.Exponent.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        var dotnet = DotNet(x);
        if (double.Parse(dotnet.Digits + "e" + dotnet.Exponent.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) != Math.Abs(x))
        {
            // .NET's "R" misses at some powers of two (2^-25 prints as 2.980232238769531E-08, which reads back as
            // another double); Go, Python and Ryū print 2.9802322387695312e-08. Only the oracle is wrong there.
            return;
        }
        Assert.Equal(dotnet, ryu);
    }

    [Fact]
    public void Digits_match_the_shortest_round_trip_form_for_random_bit_patterns() =>
        Gen.ULong.Select(BitConverter.UInt64BitsToDouble).Sample(Check, iter: 200_000);

    [Fact]
    public void Digits_match_for_decimal_looking_values() =>
        // Values with few significant digits (what counters, gauges and rates often are), at every scale.
        Gen.Select(Gen.Long[-99_999_999, 99_999_999], Gen.Int[-320, 300]).Sample((m, e) => Check(m * Math.Pow(10, e)), iter: 100_000);

    [Fact]
    public void Digits_match_at_the_edges()
    {
        double[] edges =
        [
            double.Epsilon, double.MaxValue, -double.MaxValue, 2.2250738585072014E-308, 2.2250738585072009E-308,
            1, 0.1, 0.3, 1e22, 1e23, 9007199254740993, 9007199254740992, 5e-324, 1.7976931348623157e308,
            123456789012345680, 4.9406564584124654E-324, 2.9802322387695312E-8, 1.0E-6, 1.0E21,
        ];
        foreach (double x in edges) Check(x);
        Assert.Equal(("29802322387695312", -24), Ryu(Math.ScaleB(1, -25))); // Go: 2.9802322387695312e-08
        for (int e = -1074; e <= 1023; e++)
        {
            Check(Math.ScaleB(1, e)); // powers of two: the asymmetric interval (mmShift)
            Check(Math.BitIncrement(Math.ScaleB(1, e)));
            Check(Math.BitDecrement(Math.ScaleB(1, e)));
        }
        for (int e = -323; e <= 308; e++) Check(double.Parse("1e" + e.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        for (long i = 1; i < 100_000; i += 7) Check(i); // integers: the exact-case branch
    }
}
