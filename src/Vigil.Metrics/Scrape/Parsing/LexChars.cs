namespace Vigil.Metrics.Scrape.Parsing;

/// <summary>Character classes shared by the exposition lexers.</summary>
internal static class LexChars
{
    /// <summary><c>[a-zA-Z_:]</c></summary>
    public static bool IsMetricStart(byte c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a' || c is (byte)'_' or (byte)':';

    /// <summary><c>[a-zA-Z0-9_:]</c></summary>
    public static bool IsMetricChar(byte c) => IsMetricStart(c) || (uint)(c - '0') <= 9;

    /// <summary><c>[a-zA-Z_]</c></summary>
    public static bool IsLabelStart(byte c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a' || c == '_';

    /// <summary><c>[a-zA-Z0-9_]</c></summary>
    public static bool IsLabelChar(byte c) => IsLabelStart(c) || (uint)(c - '0') <= 9;

    public static bool IsDigit(byte c) => (uint)(c - '0') <= 9;

    public static bool IsBlank(byte c) => c is (byte)' ' or (byte)'\t';

    /// <summary>States whose content may hold NUL bytes (label values, help text, comments), as upstream.</summary>
    public static bool SkipsNul(LexState state) => state is LexState.LValue or LexState.Meta2 or LexState.Comment;
}
