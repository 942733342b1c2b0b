using System.Globalization;

namespace Vigil.Metrics.PromQL.Functions;

/// <summary>
/// Natural string order as the natsort package upstream's sort_by_label uses: strings split into runs of ASCII
/// digits and non-digits; runs that parse as int64 on both sides compare as numbers, others as ordinal strings.
/// Quirks kept: when all runs of the shorter string equal the longer one's, the string that ends first is less,
/// and an empty string is never less than anything.
/// </summary>
internal static class NaturalOrder
{
    public static bool Less(string a, string b)
    {
        int ia = 0, ib = 0;
        while (NextChunk(a, ref ia, out var chunkA))
        {
            if (!NextChunk(b, ref ib, out var chunkB)) return false;
            bool lastA = ia >= a.Length, lastB = ib >= b.Length;
            if (long.TryParse(chunkA, NumberStyles.None, CultureInfo.InvariantCulture, out long na)
                && long.TryParse(chunkB, NumberStyles.None, CultureInfo.InvariantCulture, out long nb))
            {
                if (na == nb)
                {
                    if (lastA) return true;
                    if (lastB) return false;
                    continue;
                }
                return na < nb;
            }
            if (chunkA.SequenceEqual(chunkB))
            {
                if (lastA) return true;
                if (lastB) return false;
                continue;
            }
            return chunkA.SequenceCompareTo(chunkB) < 0;
        }
        return false;
    }

    private static bool NextChunk(string s, ref int i, out ReadOnlySpan<char> chunk)
    {
        if (i >= s.Length)
        {
            chunk = default;
            return false;
        }
        int start = i;
        bool digit = char.IsAsciiDigit(s[i]);
        while (i < s.Length && char.IsAsciiDigit(s[i]) == digit) i++;
        chunk = s.AsSpan(start, i - start);
        return true;
    }
}
