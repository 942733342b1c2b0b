using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;

namespace Vigil.Metrics.Api;

/// <summary>
/// String escaping as Prometheus's JSON codec writes it (jsoniter's <c>ConfigCompatibleWithStandardLibrary</c>,
/// the same as Go's <c>encoding/json</c>): <c>\"</c>, <c>\\</c>, <c>\n</c>, <c>\r</c>, <c>\t</c>, other control
/// characters and the HTML-sensitive <c>&lt; &gt; &amp;</c>, U+2028 and U+2029 as lower-case <c>\u00XX</c>;
/// everything else verbatim (UTF-8). .NET's default encoder writes <c>\u0022</c> for a quote and escapes all
/// non-ASCII, which is valid JSON but not the bytes Prometheus sends.
/// </summary>
internal sealed class GoJsonEncoder : JavaScriptEncoder
{
    public static readonly GoJsonEncoder Instance = new();

    private static readonly SearchValues<byte> AsciiToEscape = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\"\\<>&"u8);

    private GoJsonEncoder() { }

    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar < 0x20 || unicodeScalar is '"' or '\\' or '<' or '>' or '&' or 0x2028 or 0x2029;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var span = new ReadOnlySpan<char>(text, textLength);
        for (int i = 0; i < span.Length; i++)
        {
            char c = span[i];
            if (WillEncode(c)) return i;
            if (char.IsSurrogate(c))
            {
                // A lone surrogate becomes U+FFFD (the encoder replaces it); a pair passes.
                if (char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1])) { i++; continue; }
                return i;
            }
        }
        return -1;
    }

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        int offset = 0;
        while (offset < utf8Text.Length)
        {
            var rest = utf8Text[offset..];
            int i = rest.IndexOfAny(AsciiToEscape);
            int nonAscii = System.Text.Ascii.IsValid(i < 0 ? rest : rest[..i]) ? -1 : IndexOfNonAscii(i < 0 ? rest : rest[..i]);
            if (nonAscii < 0) return i < 0 ? -1 : offset + i;
            // Non-ASCII before the next special: U+2028/U+2029 and invalid sequences need escaping.
            int pos = offset + nonAscii;
            while (pos < utf8Text.Length && utf8Text[pos] >= 0x80)
            {
                if (Rune.DecodeFromUtf8(utf8Text[pos..], out var rune, out int consumed) != OperationStatus.Done || WillEncode(rune.Value)) return pos;
                pos += consumed;
            }
            offset = pos;
        }
        return -1;
    }

    private static int IndexOfNonAscii(ReadOnlySpan<byte> bytes)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] >= 0x80) return i;
        }
        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var dest = new Span<char>(buffer, bufferLength);
        string? shortForm = unicodeScalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            _ => null,
        };
        if (shortForm is not null)
        {
            numberOfCharactersWritten = shortForm.Length;
            return shortForm.AsSpan().TryCopyTo(dest);
        }
        if (!WillEncode(unicodeScalar))
        {
            // Not ours to escape (e.g. U+FFFD replacing an invalid sequence): written as is.
            var rune = new Rune(unicodeScalar);
            return rune.TryEncodeToUtf16(dest, out numberOfCharactersWritten);
        }
        numberOfCharactersWritten = 6;
        if (dest.Length < 6) return false;
        const string hex = "0123456789abcdef";
        dest[0] = '\\';
        dest[1] = 'u';
        dest[2] = hex[(unicodeScalar >> 12) & 0xF];
        dest[3] = hex[(unicodeScalar >> 8) & 0xF];
        dest[4] = hex[(unicodeScalar >> 4) & 0xF];
        dest[5] = hex[unicodeScalar & 0xF];
        return true;
    }
}
