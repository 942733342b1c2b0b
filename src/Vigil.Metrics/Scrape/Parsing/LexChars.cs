using System.Buffers;

namespace Vigil.Metrics.Scrape.Parsing;

/// <summary>Character classes shared by the exposition lexers, and vectorised sets for their long runs.</summary>
internal static class LexChars
{
    public static readonly SearchValues<byte> MetricChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:"u8);

    public static readonly SearchValues<byte> LabelChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"u8);

    public static readonly SearchValues<byte> Digits = SearchValues.Create("0123456789"u8);

    public static readonly SearchValues<byte> Newline = SearchValues.Create("\n"u8);

    /// <summary>What ends a text-format value: <c>[^{ \t\n]</c> and NUL.</summary>
    public static readonly SearchValues<byte> TextValueEnd = SearchValues.Create("\0{ \t\n"u8);

    /// <summary>What ends an OpenMetrics value or timestamp word: <c>[^ \n]</c> and NUL.</summary>
    public static readonly SearchValues<byte> WordEnd = SearchValues.Create("\0 \n"u8);

    // Where a quoted string scan must stop and look: its end, an escape, and (depending on the state)
    // NUL, which is content in label values but ends the token elsewhere, and a raw newline.
    private static readonly SearchValues<byte> QuotedStops = SearchValues.Create("\"\\\0"u8);
    private static readonly SearchValues<byte> QuotedStopsNulContent = SearchValues.Create("\"\\"u8);
    private static readonly SearchValues<byte> QuotedStopsNoNewline = SearchValues.Create("\"\\\0\n"u8);
    private static readonly SearchValues<byte> QuotedStopsNoNewlineNulContent = SearchValues.Create("\"\\\n"u8);

    public static SearchValues<byte> QuotedStop(bool newlineAllowed, bool nulIsContent) => newlineAllowed
        ? nulIsContent ? QuotedStopsNulContent : QuotedStops
        : nulIsContent ? QuotedStopsNoNewlineNulContent : QuotedStopsNoNewline;

    /// <summary><c>[a-zA-Z_:]</c></summary>
    public static bool IsMetricStart(byte c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a' || c is (byte)'_' or (byte)':';

    /// <summary><c>[a-zA-Z_]</c></summary>
    public static bool IsLabelStart(byte c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a' || c == '_';

    public static bool IsDigit(byte c) => (uint)(c - '0') <= 9;

    public static bool IsBlank(byte c) => c is (byte)' ' or (byte)'\t';

    /// <summary>States whose content may hold NUL bytes (label values, help text, comments), as upstream.</summary>
    public static bool SkipsNul(LexState state) => state is LexState.LValue or LexState.Meta2 or LexState.Comment;

    /// <summary>First index at or after <paramref name="from"/> whose byte is in <paramref name="set"/>, else <paramref name="length"/>.</summary>
    public static int IndexOfAny(byte[] body, int from, int length, SearchValues<byte> set)
    {
        if (from >= length) return length;
        int k = body.AsSpan(from, length - from).IndexOfAny(set);
        return k < 0 ? length : from + k;
    }

    /// <summary>First index at or after <paramref name="from"/> whose byte is not in <paramref name="set"/>, else <paramref name="length"/>.</summary>
    public static int IndexOfAnyExcept(byte[] body, int from, int length, SearchValues<byte> set)
    {
        if (from >= length) return length;
        int k = body.AsSpan(from, length - from).IndexOfAnyExcept(set);
        return k < 0 ? length : from + k;
    }
}
