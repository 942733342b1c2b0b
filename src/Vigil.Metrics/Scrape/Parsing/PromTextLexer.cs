namespace Vigil.Metrics.Scrape.Parsing;

/// <summary>
/// Tokenizer of the Prometheus text format (0.0.4 and 1.0.0), a hand-written equivalent of the state
/// machine Prometheus generates from <c>model/textparse/promlex.l</c>: same tokens, same token
/// boundaries and the same stopping point on bad input, so errors quote what Prometheus quotes.
/// Blanks (space, tab) separate tokens; a body is read as if it ended with one more <c>\n</c>
/// (Prometheus appends one), so a missing final newline is fine.
/// Differences (Vigil): a NUL byte where a line starts is invalid instead of ending the body silently;
/// NUL inside a comment is part of the comment; a timestamp may be negative (<c>-</c> then digits).
/// </summary>
internal struct PromTextLexer
{
    private readonly byte[] _body;
    private readonly int _bodyLength;

    /// <summary>Body length plus the virtual trailing newline.</summary>
    public readonly int Length;

    /// <summary>Current position: after a token its end, after <see cref="LexToken.Invalid"/> the failing byte.</summary>
    public int I;

    /// <summary>Start of the last token.</summary>
    public int Start;

    public LexState State;

    public PromTextLexer(byte[] body, int length)
    {
        _body = body;
        _bodyLength = length;
        Length = length + 1;
    }

    public readonly byte At(int i) => i < _bodyLength ? _body[i] : (byte)'\n';

    public LexToken Lex()
    {
        if (I >= Length) return LexToken.Eof;
        byte c = At(I);
        Start = I;
        while (true)
        {
            switch (State)
            {
                case LexState.Init:
                    if (c == '#')
                    {
                        c = Next();
                        if (!LexChars.IsBlank(c)) return ConsumeComment();
                        do c = Next(); while (LexChars.IsBlank(c));
                        // "# " then maybe HELP/TYPE: lex on in the comment state, same token start.
                        State = LexState.Comment;
                        continue;
                    }
                    if (LexChars.IsMetricStart(c)) return MetricName(LexState.Value);
                    if (c == '\n')
                    {
                        Next();
                        return LexToken.Linebreak;
                    }
                    if (LexChars.IsBlank(c)) return Blanks();
                    if (c == '{')
                    {
                        Next();
                        State = LexState.Labels;
                        return LexToken.BraceOpen;
                    }
                    return LexToken.Invalid;

                case LexState.Comment:
                    if (c == 'H' && Keyword("ELP"u8)) return Meta(LexToken.Help);
                    if (c == 'T' && Keyword("YPE"u8)) return Meta(LexToken.Type);
                    if (LexChars.IsBlank(c)) return Blanks();
                    // Any other comment (also one starting "# HELPx") runs to the end of the line.
                    return ConsumeComment();

                case LexState.Meta1:
                    if (c == '"') return Quoted(newlineAllowed: true) ? Token(LexToken.MName, LexState.Meta2) : LexToken.Invalid;
                    if (LexChars.IsMetricStart(c)) return MetricName(LexState.Meta2);
                    if (LexChars.IsBlank(c)) return Blanks();
                    return LexToken.Invalid;

                case LexState.Meta2:
                    return MetaText(c);

                case LexState.Labels:
                    if (c == '"') return Quoted(newlineAllowed: true) ? LexToken.QString : LexToken.Invalid;
                    if (LexChars.IsLabelStart(c))
                    {
                        I = LexChars.IndexOfAnyExcept(_body, I + 1, _bodyLength, LexChars.LabelChars);
                        return LexToken.LName;
                    }
                    if (c == ',') return Single(LexToken.Comma, LexState.Labels);
                    if (c == '=') return Single(LexToken.Equal, LexState.LValue);
                    if (c == '}') return Single(LexToken.BraceClose, LexState.Value);
                    if (LexChars.IsBlank(c)) return Blanks();
                    return LexToken.Invalid;

                case LexState.LValue:
                    if (c == '"') return Quoted(newlineAllowed: true) ? Token(LexToken.LValue, LexState.Labels) : LexToken.Invalid;
                    if (LexChars.IsBlank(c)) return Blanks();
                    return LexToken.Invalid;

                case LexState.Value:
                    if (LexChars.IsBlank(c)) return Blanks();
                    if (c == '{') return Single(LexToken.BraceOpen, LexState.Labels);
                    if (!IsValueByte(c)) return LexToken.Invalid;
                    I = LexChars.IndexOfAny(_body, I + 1, _bodyLength, LexChars.TextValueEnd);
                    State = LexState.Timestamp;
                    return LexToken.Value;

                default: // Timestamp
                    if (c == '\n') return Single(LexToken.Linebreak, LexState.Init);
                    if (LexChars.IsBlank(c)) return Blanks();
                    if (c == '-')
                    {
                        c = Next();
                        if (!LexChars.IsDigit(c)) return LexToken.Invalid;
                    }
                    if (!LexChars.IsDigit(c)) return LexToken.Invalid;
                    I = LexChars.IndexOfAnyExcept(_body, I + 1, _bodyLength, LexChars.Digits);
                    return LexToken.Timestamp;
            }
        }
    }

    // [^{ \t\n] and not NUL: what a sample value may be made of before ParseFloat judges it.
    private static bool IsValueByte(byte c) => c is not (0 or (byte)'{' or (byte)' ' or (byte)'\t' or (byte)'\n');

    private byte Next()
    {
        while (true)
        {
            I++;
            if (I >= Length) return 0;
            byte c = At(I);
            if (c != 0 || !LexChars.SkipsNul(State)) return c;
        }
    }

    private LexToken Token(LexToken token, LexState next)
    {
        State = next;
        return token;
    }

    private LexToken Single(LexToken token, LexState next)
    {
        Next();
        State = next;
        return token;
    }

    private LexToken Blanks()
    {
        byte c;
        do c = Next(); while (LexChars.IsBlank(c));
        return LexToken.Whitespace;
    }

    private LexToken MetricName(LexState next)
    {
        // A name never runs into the virtual newline, so scanning the real body is enough.
        I = LexChars.IndexOfAnyExcept(_body, I + 1, _bodyLength, LexChars.MetricChars);
        State = next;
        return LexToken.MName;
    }

    /// <summary>Matches the rest of HELP/TYPE and at least one blank; false leaves I where it stopped.</summary>
    private bool Keyword(ReadOnlySpan<byte> rest)
    {
        foreach (byte expected in rest)
        {
            if (Next() != expected) return false;
        }
        return LexChars.IsBlank(Next());
    }

    private LexToken Meta(LexToken token)
    {
        byte c;
        do c = Next(); while (LexChars.IsBlank(c));
        State = LexState.Meta1;
        return token;
    }

    // The docstring or type after the name: blanks alone are whitespace, else the rest of the line
    // (NUL bytes included, as upstream skips them in this state).
    private LexToken MetaText(byte c)
    {
        if (LexChars.IsBlank(c))
        {
            do c = Next(); while (LexChars.IsBlank(c));
            if (c is 0 or (byte)'\n') return LexToken.Whitespace;
        }
        if (c is not (0 or (byte)'\n')) I = LineEnd(I);
        State = LexState.Init;
        return LexToken.Text;
    }

    // The next '\n' at or after i; the virtual one when the body has none.
    private readonly int LineEnd(int i)
    {
        if (i >= _bodyLength) return _bodyLength;
        int k = _body.AsSpan(i, _bodyLength - i).IndexOf((byte)'\n');
        return k < 0 ? _bodyLength : i + k;
    }

    /// <summary><c>"(\\.|[^\\"])*"</c> from the opening quote at I; false leaves I at the failing byte.</summary>
    private bool Quoted(bool newlineAllowed)
    {
        var stops = LexChars.QuotedStop(newlineAllowed, LexChars.SkipsNul(State));
        int i = I + 1;
        while (true)
        {
            i = LexChars.IndexOfAny(_body, i, _bodyLength, stops);
            if (i >= _bodyLength)
            {
                // Ran into the virtual newline: it ends the string if newlines may not be in it,
                // else the scan fails at the end of input.
                I = newlineAllowed ? Length : _bodyLength;
                return false;
            }
            byte c = _body[i];
            I = i;
            if (c == '"')
            {
                Next();
                return true;
            }
            if (c != '\\') return false; // NUL or newline where they may not be
            c = Next();
            if (c is 0 or (byte)'\n') return false;
            i = I + 1;
        }
    }

    // Upstream consumeComment: the rest of the line. Vigil: NUL bytes in it are just content.
    private LexToken ConsumeComment()
    {
        if (I >= Length) return LexToken.Eof;
        I = LineEnd(I);
        State = LexState.Init;
        return LexToken.Comment;
    }
}
