namespace Vigil.Metrics.Tsdb.Blocks;

/// <summary>
/// Lossless decimal form of a double: <c>v == m / 10^k</c> exactly (bit for bit), with |m| &lt; 2^53 and
/// 0 ≤ k ≤ 22. Values that came from short decimal text (a scraped <c>0.25</c>, a counter <c>1234</c>)
/// have one; then a series' values become small integers whose deltas take a byte or two, where XOR
/// needs 15 to 60 bits. The idea follows VictoriaMetrics's decimal conversion
/// (<c>lib/decimal</c>), made exact: decoding is one IEEE division of two exactly representable
/// doubles, which is correctly rounded, so it yields the same double the parser produced.
/// </summary>
internal static class DecimalValues
{
    public const int MaxExponent = 22; // 10^22 is the largest power of ten a double holds exactly
    public const long MaxMantissa = 1L << 53;

    private static readonly double[] s_pow10 = BuildPow10();

    private static double[] BuildPow10()
    {
        var p = new double[MaxExponent + 1];
        p[0] = 1;
        for (int i = 1; i <= MaxExponent; i++) p[i] = p[i - 1] * 10; // exact up to 10^22
        return p;
    }

    public static double Pow10(int k) => s_pow10[k];

    /// <summary>The value of mantissa <paramref name="m"/> at exponent <paramref name="k"/>.</summary>
    public static double Decode(long m, int k) => k == 0 ? m : m / s_pow10[k];

    /// <summary>
    /// Finds (m, k) with <c>Decode(m, k)</c> bit-identical to <paramref name="v"/>, trying
    /// <paramref name="hint"/> first (the previous value's k: a series keeps its precision). False for
    /// NaN, ±Inf, -0 and values needing more than 15-16 significant digits.
    /// </summary>
    public static bool TryEncode(double v, int hint, out long m, out int k)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(v);
        if (hint is > 0 and <= MaxExponent && TryAt(v, bits, hint, out m)) { k = hint; return true; }
        for (k = 0; k <= MaxExponent; k++)
        {
            double scaled = v * s_pow10[k];
            if (!(Math.Abs(scaled) < MaxMantissa)) break; // also false for NaN
            if (TryAt(v, bits, k, out m)) return true;
        }
        m = 0;
        k = 0;
        return false;
    }

    /// <summary>Rescales (m, k) to a larger exponent; false when the mantissa would leave the exact range.</summary>
    public static bool TryRescale(long m, int k, int toK, out long scaled)
    {
        scaled = m;
        for (int i = k; i < toK; i++)
        {
            if (Math.Abs(scaled) >= MaxMantissa / 10) return false;
            scaled *= 10;
        }
        return true;
    }

    private static bool TryAt(double v, ulong bits, int k, out long m)
    {
        double scaled = v * s_pow10[k];
        if (!(Math.Abs(scaled) < MaxMantissa)) { m = 0; return false; }
        m = (long)Math.Round(scaled);
        return BitConverter.DoubleToUInt64Bits(Decode(m, k)) == bits;
    }
}
