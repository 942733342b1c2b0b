using System.Security.Cryptography;

namespace Vigil.Metrics.Tsdb.Blocks;

/// <summary>
/// ULIDs name block directories, as in Prometheus: 26 Crockford base-32 characters, a 48-bit
/// millisecond timestamp then 80 random bits, so directory names sort by creation time.
/// </summary>
internal static class Ulid
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New() => New(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    public static string New(long unixMs)
    {
        Span<byte> bytes = stackalloc byte[16];
        for (int i = 5; i >= 0; i--) { bytes[i] = (byte)unixMs; unixMs >>= 8; }
        RandomNumberGenerator.Fill(bytes[6..]);
        // 128 bits as 26 five-bit digits: the first digit holds the top 3 bits.
        UInt128 v = 0;
        foreach (byte b in bytes) v = (v << 8) | b;
        Span<char> chars = stackalloc char[26];
        for (int i = 25; i >= 0; i--) { chars[i] = Alphabet[(int)(v & 31)]; v >>= 5; }
        return new string(chars);
    }

    /// <summary>Whether <paramref name="s"/> is a well-formed ULID (a block directory name).</summary>
    public static bool IsValid(string s)
    {
        if (s.Length != 26 || s[0] > '7') return false;
        foreach (char c in s)
            if (!Alphabet.Contains(c, StringComparison.Ordinal)) return false;
        return true;
    }
}
