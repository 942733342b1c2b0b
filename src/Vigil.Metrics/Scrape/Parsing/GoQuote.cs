using System.Globalization;
using System.Text;

namespace Vigil.Metrics.Scrape.Parsing;

/// <summary>
/// Go's <c>%q</c> of a byte string (<c>strconv.Quote</c>), which Prometheus's parse errors use: printable
/// UTF-8 stays, <c>\n \t \" \\</c> and friends are escaped, other control characters and invalid bytes
/// become <c>\xNN</c>, other unprintable runes <c>\uNNNN</c>. Built only on the error path.
/// </summary>
internal static class GoQuote
{
    /// <summary>Longest input quoted in full; longer ones keep their tail, led by <c>...</c>.</summary>
    public const int MaxBytes = 1024;

    public static string Quote(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length + 2);
        sb.Append('"');
        if (bytes.Length > MaxBytes)
        {
            // A giant line would make a giant error; what went wrong is at its end.
            sb.Append("...");
            bytes = bytes[^MaxBytes..];
        }
        while (!bytes.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(bytes, out var rune, out int used);
            if (status != System.Buffers.OperationStatus.Done)
            {
                AppendHexByte(sb, bytes[0]);
                bytes = bytes[1..];
                continue;
            }
            AppendRune(sb, rune);
            bytes = bytes[used..];
        }
        sb.Append('"');
        return sb.ToString();
    }

    public static string Quote(string s) => Quote(Encoding.UTF8.GetBytes(s));

    private static void AppendRune(StringBuilder sb, Rune rune)
    {
        int v = rune.Value;
        switch (v)
        {
            case '"': sb.Append("\\\""); return;
            case '\\': sb.Append("\\\\"); return;
            case '\a': sb.Append("\\a"); return;
            case '\b': sb.Append("\\b"); return;
            case '\f': sb.Append("\\f"); return;
            case '\n': sb.Append("\\n"); return;
            case '\r': sb.Append("\\r"); return;
            case '\t': sb.Append("\\t"); return;
            case '\v': sb.Append("\\v"); return;
        }
        if (v < 0x20 || v == 0x7F)
        {
            AppendHexByte(sb, (byte)v);
        }
        else if (v < 0x7F || IsPrint(rune))
        {
            sb.Append(rune.ToString());
        }
        else if (v < 0x10000)
        {
            sb.Append("\\u").Append(v.ToString("x4", CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append("\\U").Append(v.ToString("x8", CultureInfo.InvariantCulture));
        }
    }

    private static void AppendHexByte(StringBuilder sb, byte b) =>
        sb.Append("\\x").Append(b.ToString("x2", CultureInfo.InvariantCulture));

    /// <summary>Go's <c>unicode.IsPrint</c>: letters, marks, numbers, punctuation, symbols and U+0020.</summary>
    private static bool IsPrint(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => false,
        _ => true,
    };
}
