using System.Numerics;

namespace Vigil.Metrics.GoText;

/// <summary>
/// The shortest decimal that reads back as the same double, and of those the closest (what Go's
/// <c>strconv.FormatFloat(x, _, -1, 64)</c> prints), by Ulf Adams' Ryū algorithm (PLDI 2018): the rounding
/// interval's bounds are scaled by a 125-bit power of 5 in one multiplication, then digits are dropped while
/// the bounds still differ. A range query renders every point's value, and this is about four times faster than
/// .NET's "R" formatting, which yields the same digits. The power tables are computed once at start-up.
/// </summary>
internal static class ShortestDecimal
{
    private const int MantissaBits = 52;
    private const int ExponentBias = 1023;
    private const int Pow5InvBitCount = 125;
    private const int Pow5BitCount = 125;
    private const int InvTableSize = 342;
    private const int TableSize = 326;

    // 5^i scaled to 125 bits, and 2^(pow5bits(i) - 1 + 125) / 5^i + 1.
    private static readonly UInt128[] Pow5Split = BuildPow5Split();
    private static readonly UInt128[] Pow5InvSplit = BuildPow5InvSplit();

    /// <summary>
    /// For a finite, non-zero |x|: the digits as an integer and the power of ten, x = ±digits × 10^exponent.
    /// The digits may end in zeros; callers trim them.
    /// </summary>
    public static ulong Compute(double x, out int exponent)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(x);
        ulong ieeeMantissa = bits & ((1UL << MantissaBits) - 1);
        int ieeeExponent = (int)((bits >> MantissaBits) & 0x7FF);

        int e2;
        ulong m2;
        if (ieeeExponent == 0)
        {
            e2 = 1 - ExponentBias - MantissaBits - 2;
            m2 = ieeeMantissa;
        }
        else
        {
            e2 = ieeeExponent - ExponentBias - MantissaBits - 2;
            m2 = (1UL << MantissaBits) | ieeeMantissa;
        }
        bool acceptBounds = (m2 & 1) == 0; // round half to even when parsing: bounds are in the interval

        // The interval of decimals that parse back to x is (mm, mp) around mv, all times 4 to stay integral.
        ulong mv = 4 * m2;
        uint mmShift = ieeeMantissa != 0 || ieeeExponent <= 1 ? 1u : 0u;
        ulong vr, vp, vm;
        int e10;
        bool vmIsTrailingZeros = false, vrIsTrailingZeros = false;
        if (e2 >= 0)
        {
            int q = Log10Pow2(e2) - (e2 > 3 ? 1 : 0);
            e10 = q;
            int k = Pow5InvBitCount + Pow5Bits(q) - 1;
            int i = -e2 + q + k;
            var mul = Pow5InvSplit[q];
            vr = MulShift(4 * m2, mul, i);
            vp = MulShift((4 * m2) + 2, mul, i);
            vm = MulShift((4 * m2) - 1 - mmShift, mul, i);
            if (q <= 21)
            {
                // Only here can one of mm, mv, mp be a multiple of 5^q, i.e. the scaled value exact.
                if (mv % 5 == 0) vrIsTrailingZeros = MultipleOfPowerOf5(mv, q);
                else if (acceptBounds) vmIsTrailingZeros = MultipleOfPowerOf5(mv - 1 - mmShift, q);
                else vp -= MultipleOfPowerOf5(mv + 2, q) ? 1UL : 0UL;
            }
        }
        else
        {
            int q = Log10Pow5(-e2) - (-e2 > 1 ? 1 : 0);
            e10 = q + e2;
            int i = -e2 - q;
            int k = Pow5Bits(i) - Pow5BitCount;
            int j = q - k;
            var mul = Pow5Split[i];
            vr = MulShift(4 * m2, mul, j);
            vp = MulShift((4 * m2) + 2, mul, j);
            vm = MulShift((4 * m2) - 1 - mmShift, mul, j);
            if (q <= 1)
            {
                // mv = 4 * m2 has at least two trailing zero bits, so the scaled value is exact.
                vrIsTrailingZeros = true;
                if (acceptBounds) vmIsTrailingZeros = mmShift == 1;
                else vp--;
            }
            else if (q < 63)
            {
                vrIsTrailingZeros = (mv & ((1UL << q) - 1)) == 0;
            }
        }

        // Drop digits while the interval's bounds still differ in what remains.
        int removed = 0;
        ulong output;
        if (vmIsTrailingZeros || vrIsTrailingZeros)
        {
            // The rare exact case: ties and the lower bound's own digits need care.
            int lastRemovedDigit = 0;
            while (vp / 10 > vm / 10)
            {
                vmIsTrailingZeros &= vm % 10 == 0;
                vrIsTrailingZeros &= lastRemovedDigit == 0;
                lastRemovedDigit = (int)(vr % 10);
                vr /= 10;
                vp /= 10;
                vm /= 10;
                removed++;
            }
            if (vmIsTrailingZeros)
            {
                while (vm % 10 == 0)
                {
                    vrIsTrailingZeros &= lastRemovedDigit == 0;
                    lastRemovedDigit = (int)(vr % 10);
                    vr /= 10;
                    vp /= 10;
                    vm /= 10;
                    removed++;
                }
            }
            if (vrIsTrailingZeros && lastRemovedDigit == 5 && vr % 2 == 0) lastRemovedDigit = 4; // exactly half: to even
            output = vr + ((vr == vm && (!acceptBounds || !vmIsTrailingZeros)) || lastRemovedDigit >= 5 ? 1UL : 0UL);
        }
        else
        {
            bool roundUp = false;
            if (vp / 100 > vm / 100)
            {
                roundUp = vr % 100 >= 50;
                vr /= 100;
                vp /= 100;
                vm /= 100;
                removed += 2;
            }
            while (vp / 10 > vm / 10)
            {
                roundUp = vr % 10 >= 5;
                vr /= 10;
                vp /= 10;
                vm /= 10;
                removed++;
            }
            output = vr + (vr == vm || roundUp ? 1UL : 0UL);
        }
        exponent = e10 + removed;
        return output;
    }

    /// <summary>(m × mul) >> shift, for shift ≥ 64, from a 64 × 128-bit product.</summary>
    private static ulong MulShift(ulong m, UInt128 mul, int shift)
    {
        UInt128 low = (UInt128)m * (ulong)mul;
        UInt128 high = (UInt128)m * (ulong)(mul >> 64);
        return (ulong)(((low >> 64) + high) >> (shift - 64));
    }

    /// <summary>⌈log2(5^e)⌉ for e ≥ 1 (1 for e = 0): the bit length of 5^e.</summary>
    private static int Pow5Bits(int e) => (int)(((uint)e * 1217359) >> 19) + 1;

    /// <summary>⌊log10(2^e)⌋ for 0 ≤ e ≤ 1650.</summary>
    private static int Log10Pow2(int e) => (int)(((uint)e * 78913) >> 18);

    /// <summary>⌊log10(5^e)⌋ for 0 ≤ e ≤ 2620.</summary>
    private static int Log10Pow5(int e) => (int)(((uint)e * 732923) >> 20);

    private static bool MultipleOfPowerOf5(ulong value, int p)
    {
        int count = 0;
        while (value > 0 && value % 5 == 0)
        {
            value /= 5;
            count++;
        }
        return count >= p;
    }

    private static UInt128[] BuildPow5Split()
    {
        var table = new UInt128[TableSize];
        var pow = BigInteger.One;
        for (int i = 0; i < TableSize; i++, pow *= 5)
        {
            int shift = (int)pow.GetBitLength() - Pow5BitCount;
            table[i] = (UInt128)(shift >= 0 ? pow >> shift : pow << -shift);
        }
        return table;
    }

    private static UInt128[] BuildPow5InvSplit()
    {
        var table = new UInt128[InvTableSize];
        var pow = BigInteger.One;
        for (int i = 0; i < InvTableSize; i++, pow *= 5)
        {
            int bits = (int)pow.GetBitLength() - 1 + Pow5InvBitCount;
            table[i] = (UInt128)((BigInteger.One << bits) / pow + 1);
        }
        return table;
    }
}
