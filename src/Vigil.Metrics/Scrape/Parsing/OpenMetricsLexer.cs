namespace Vigil.Metrics.Scrape.Parsing;

/// <summary>
/// Tokenizer of OpenMetrics 1.0 text, a hand-written equivalent of the state machine Prometheus
/// generates from <c>model/textparse/openmetricslex.l</c>. Strict where the format is: exactly one space
/// between tokens, none inside braces, no blank lines, only <c># HELP</c>/<c># TYPE</c>/<c># UNIT</c>/
/// <c># EOF</c> comments. Value and timestamp tokens keep their leading space (as upstream).
/// Difference (Vigil): exemplar label names may be quoted, as label names elsewhere.
/// </summary>
internal struct OpenMetricsLexer
{
    private readonly byte[] _body;

    public readonly int Length;

    /// <summary>Current position: after a token its end, after <see cref="LexToken.Invalid"/> the failing byte.</summary>
    public int I;

    /// <summary>Start of the last token.</summary>
    public int Start;

    public LexState State;

    public OpenMetricsLexer(byte[] body, int length)
    {
        _body = body;
        Length = length;
    }

    public readonly byte At(int i) => _body[i];

    public LexToken Lex()
    {
        if (I >= Length) return LexToken.Eof;
        byte c = _body[I];
        Start = I;
        while (true)
        {
            switch (State)
            {
                case LexState.Init:
                    if (c == '#')
                    {
                        if (Next() != ' ') return LexToken.Invalid;
                        c = Next();
                        State = LexState.Comment;
                        continue;
                    }
                    if (LexChars.IsMetricStart(c))
                    {
                        I = LexChars.IndexOfAnyExcept(_body, I + 1, Length, LexChars.MetricChars);
                        State = LexState.Value;
                        return LexToken.MName;
                    }
                    if (c == '{') return Single(LexToken.BraceOpen, LexState.Labels);
                    return LexToken.Invalid;

                case LexState.Comment:
                    switch (c)
                    {
                        case (byte)'E':
                            if (Next() != 'O' || Next() != 'F') return LexToken.Invalid;
                            if (Next() == '\n') Next();
                            State = LexState.Init;
                            return LexToken.EofWord;
                        case (byte)'H':
                            return Keyword("ELP "u8, LexToken.Help);
                        case (byte)'T':
                            return Keyword("YPE "u8, LexToken.Type);
                        case (byte)'U':
                            return Keyword("NIT "u8, LexToken.Unit);
                        default:
                            return LexToken.Invalid;
                    }

                case LexState.Meta1:
                    if (c == '"') return Quoted(newlineAllowed: true) ? Token(LexToken.MName, LexState.Meta2) : LexToken.Invalid;
                    if (LexChars.IsMetricStart(c))
                    {
                        I = LexChars.IndexOfAnyExcept(_body, I + 1, Length, LexChars.MetricChars);
                        State = LexState.Meta2;
                        return LexToken.MName;
                    }
                    return LexToken.Invalid;

                case LexState.Meta2:
                    // " text\n": one space, the rest of the line, and its newline.
                    // NUL bytes on the way are content (upstream skips them in this state).
                    if (c != ' ') return LexToken.Invalid;
                    I = LexChars.IndexOfAny(_body, I + 1, Length, LexChars.Newline);
                    if (I >= Length) return LexToken.Invalid;
                    return Single(LexToken.Text, LexState.Init);

                case LexState.Labels:
                case LexState.Exemplar:
                    if (c == '"')
                    {
                        return Quoted(newlineAllowed: State == LexState.Labels) ? LexToken.QString : LexToken.Invalid;
                    }
                    if (LexChars.IsLabelStart(c))
                    {
                        I = LexChars.IndexOfAnyExcept(_body, I + 1, Length, LexChars.LabelChars);
                        return LexToken.LName;
                    }
                    if (c == ',') return Single(LexToken.Comma, State);
                    if (c == '=') return Single(LexToken.Equal, State == LexState.Labels ? LexState.LValue : LexState.EValue);
                    if (c == '}') return Single(LexToken.BraceClose, State == LexState.Labels ? LexState.Value : LexState.EValue);
                    return LexToken.Invalid;

                case LexState.LValue:
                    if (c == '"') return Quoted(newlineAllowed: false) ? Token(LexToken.LValue, LexState.Labels) : LexToken.Invalid;
                    return LexToken.Invalid;

                case LexState.Value:
                    if (c == '{') return Single(LexToken.BraceOpen, LexState.Labels);
                    return SpaceAndWord(LexToken.Value, LexState.Timestamp);

                case LexState.Timestamp:
                    if (c == '\n') return Single(LexToken.Linebreak, LexState.Init);
                    if (c != ' ') return LexToken.Invalid;
                    c = Next();
                    if (c == '#')
                    {
                        c = Next();
                        if (c == ' ')
                        {
                            // " # {" opens an exemplar.
                            if (Next() != '{') return LexToken.Invalid;
                            return Single(LexToken.Comment, LexState.Exemplar);
                        }
                        if (IsWordByte(c)) I = LexChars.IndexOfAny(_body, I, Length, LexChars.WordEnd);
                        return LexToken.Timestamp;
                    }
                    if (!IsWordByte(c)) return LexToken.Invalid;
                    I = LexChars.IndexOfAny(_body, I + 1, Length, LexChars.WordEnd);
                    return LexToken.Timestamp;

                case LexState.EValue:
                    if (c == '"') return Quoted(newlineAllowed: false) ? Token(LexToken.LValue, LexState.Exemplar) : LexToken.Invalid;
                    return SpaceAndWord(LexToken.Value, LexState.ETimestamp);

                default: // ETimestamp
                    if (c == '\n') return Single(LexToken.Linebreak, LexState.Init);
                    return SpaceAndWord(LexToken.Timestamp, LexState.ETimestamp);
            }
        }
    }

    // [^ \n] and not NUL.
    private static bool IsWordByte(byte c) => c is not (0 or (byte)' ' or (byte)'\n');

    private byte Next()
    {
        while (true)
        {
            I++;
            if (I >= Length) return 0;
            byte c = _body[I];
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

    /// <summary><c>{S}[^ \n]+</c> from the space at I.</summary>
    private LexToken SpaceAndWord(LexToken token, LexState next)
    {
        if (_body[I] != ' ') return LexToken.Invalid;
        byte c = Next();
        if (!IsWordByte(c)) return LexToken.Invalid;
        I = LexChars.IndexOfAny(_body, I + 1, Length, LexChars.WordEnd);
        State = next;
        return token;
    }

    private LexToken Keyword(ReadOnlySpan<byte> rest, LexToken token)
    {
        foreach (byte expected in rest)
        {
            if (Next() != expected) return LexToken.Invalid;
        }
        return Single(token, LexState.Meta1);
    }

    /// <summary><c>"(\\.|[^\\"])*"</c> from the opening quote at I; false leaves I at the failing byte.</summary>
    private bool Quoted(bool newlineAllowed)
    {
        var stops = LexChars.QuotedStop(newlineAllowed, LexChars.SkipsNul(State));
        int i = I + 1;
        while (true)
        {
            I = i = LexChars.IndexOfAny(_body, i, Length, stops);
            if (i >= Length) return false;
            byte c = _body[i];
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
}
