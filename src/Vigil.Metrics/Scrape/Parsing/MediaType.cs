namespace Vigil.Metrics.Scrape.Parsing;

/// <summary>
/// The media type of a <c>Content-Type</c> value, read the way Go's <c>mime.ParseMediaType</c> reads it
/// (Prometheus picks its parser with that): lower-cased <c>type/subtype</c> before the first <c>;</c>,
/// then parameters that must be well-formed (<c>key=token</c> or <c>key="quoted"</c>), a trailing
/// <c>;</c> allowed, a parameter repeated with another value refused. Error texts are Go's.
/// </summary>
internal static class MediaType
{
    /// <summary>The lower-case media type, or null with Go's error text.</summary>
    public static string? Parse(string value, out string? error)
    {
        int semicolon = value.IndexOf(';', StringComparison.Ordinal);
        string mediaType = (semicolon < 0 ? value : value[..semicolon]).ToLowerInvariant().Trim();
        error = CheckTypeAndSubtype(mediaType);
        if (error is not null) return null;

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = semicolon < 0 ? ReadOnlySpan<char>.Empty : value.AsSpan(semicolon);
        while (true)
        {
            rest = rest.TrimStart();
            if (rest.IsEmpty) break;
            if (!TryParameter(rest, out string key, out string parameterValue, out var after))
            {
                if (rest.Trim().SequenceEqual(";")) break; // a trailing semicolon is not an error
                error = "mime: invalid media parameter";
                return null;
            }
            if (parameters.TryGetValue(key, out string? seen) && seen != parameterValue)
            {
                error = "mime: duplicate parameter name";
                return null;
            }
            parameters[key] = parameterValue;
            rest = after;
        }
        return mediaType;
    }

    private static string? CheckTypeAndSubtype(string s)
    {
        var rest = s.AsSpan();
        if (Token(ref rest).IsEmpty) return "mime: no media type";
        if (rest.IsEmpty) return null;
        if (rest[0] != '/') return "mime: expected slash after first token";
        rest = rest[1..];
        if (Token(ref rest).IsEmpty) return "mime: expected token after slash";
        return rest.IsEmpty ? null : "mime: unexpected content after media subtype";
    }

    // ";" key "=" (token | quoted-string), blanks allowed around each part.
    private static bool TryParameter(ReadOnlySpan<char> s, out string key, out string value, out ReadOnlySpan<char> after)
    {
        key = value = "";
        after = s;
        var rest = s.TrimStart();
        if (rest.IsEmpty || rest[0] != ';') return false;
        rest = rest[1..].TrimStart();
        var name = Token(ref rest);
        if (name.IsEmpty) return false;
        rest = rest.TrimStart();
        if (rest.IsEmpty || rest[0] != '=') return false;
        rest = rest[1..].TrimStart();
        if (!TryValue(ref rest, out value)) return false;
        key = name.ToString().ToLowerInvariant();
        after = rest;
        return true;
    }

    private static bool TryValue(ref ReadOnlySpan<char> s, out string value)
    {
        value = "";
        if (s.IsEmpty) return false;
        if (s[0] != '"')
        {
            var token = Token(ref s);
            value = token.ToString();
            return !token.IsEmpty;
        }
        var sb = new System.Text.StringBuilder();
        for (int i = 1; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '"')
            {
                value = sb.ToString();
                s = s[(i + 1)..];
                return true;
            }
            if (c == '\\' && i + 1 < s.Length && IsTSpecial(s[i + 1]))
            {
                sb.Append(s[++i]);
                continue;
            }
            if (c is '\r' or '\n') return false;
            sb.Append(c);
        }
        return false;
    }

    private static ReadOnlySpan<char> Token(ref ReadOnlySpan<char> s)
    {
        int n = 0;
        while (n < s.Length && IsTokenChar(s[n])) n++;
        var token = s[..n];
        s = s[n..];
        return token;
    }

    private static bool IsTokenChar(char c) => c > 0x20 && c < 0x7F && !IsTSpecial(c);

    private static bool IsTSpecial(char c) => c is '(' or ')' or '<' or '>' or '@' or ',' or ';' or ':' or '\\' or '"'
        or '/' or '[' or ']' or '?' or '=';
}
