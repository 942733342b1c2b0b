using Vigil.Metrics.GoText;

namespace Vigil.Metrics.PromQL.Parser;

/// <summary>
/// The PromQL lexer. It is context-sensitive like upstream's state machine (<c>promql/parser/lex.go</c>):
/// inside braces keywords are plain identifiers, inside brackets only duration expressions lex, and
/// unbalanced parentheses/brackets are reported by the lexer itself. It never allocates per character:
/// tokens are spans over the query text. The first error ends the token stream.
/// </summary>
internal sealed partial class Lexer(string input)
{
    private readonly string _input = input;
    private int _pos;
    private int _start;
    private int _parenDepth;
    private bool _braceOpen;
    private bool _bracketOpen;
    private bool _gotColon;
    private bool _gotDuration;
    private bool _durationMode;
    private bool _done;

    public string Input => _input;

    /// <summary>Returns the next token, comments included; after an error or the end, keeps returning <see cref="TokenKind.Eof"/>.</summary>
    public Token Next()
    {
        if (_done)
        {
            return new Token(TokenKind.Eof, _input.Length, _input.Length);
        }
        Token t = _braceOpen ? LexInsideBraces() : _durationMode ? LexDurationExpr() : LexStatement();
        if (t.Kind is TokenKind.Error or TokenKind.Eof)
        {
            _done = true;
        }
        return t;
    }

    private char Peek(int offset = 0) => _pos + offset < _input.Length ? _input[_pos + offset] : '\0';

    private bool AtEnd => _pos >= _input.Length;

    private Token Emit(TokenKind kind)
    {
        var t = new Token(kind, _start, _pos);
        _start = _pos;
        return t;
    }

    private Token Error(string message) => new(TokenKind.Error, _start, _input.Length, message);

    private void SkipSpaces()
    {
        while (!AtEnd && IsSpace(_input[_pos])) _pos++;
        _start = _pos;
    }

    private Token LexStatement()
    {
        while (true)
        {
            SkipSpaces();
            if (AtEnd)
            {
                if (_parenDepth != 0) return Error("unclosed left parenthesis");
                if (_bracketOpen) return Error("unclosed left bracket");
                return Emit(TokenKind.Eof);
            }
            char r = _input[_pos];
            if (r == '#')
            {
                return LexComment();
            }
            _pos++;
            switch (r)
            {
                case ',': return Emit(TokenKind.Comma);
                case '*': return Emit(TokenKind.Mul);
                case '/': return Emit(TokenKind.Div);
                case '%': return Emit(TokenKind.Mod);
                case '+': return Emit(TokenKind.Add);
                case '-': return Emit(TokenKind.Sub);
                case '^': return Emit(TokenKind.Pow);
                case '@': return Emit(TokenKind.At);
                case '=':
                    if (Peek() == '=')
                    {
                        _pos++;
                        return Emit(TokenKind.Eqlc);
                    }
                    if (Peek() == '~') return Error("unexpected character after '=': " + GoQuote.QuoteRune('~'));
                    return Emit(TokenKind.Eql);
                case '!':
                    if (Peek() != '=')
                    {
                        return Error("unexpected character after '!': " + (AtEnd ? GoQuote.QuoteRune(GoQuote.RuneError) : GoQuote.QuoteRune(RuneAt(_pos))));
                    }
                    _pos++;
                    return Emit(TokenKind.Neq);
                case '<':
                    if (Peek() is '=' or '/')
                    {
                        return Emit(_input[_pos++] == '=' ? TokenKind.Lte : TokenKind.TrimUpper);
                    }
                    return Emit(TokenKind.Lss);
                case '>':
                    if (Peek() is '=' or '/')
                    {
                        return Emit(_input[_pos++] == '=' ? TokenKind.Gte : TokenKind.TrimLower);
                    }
                    return Emit(TokenKind.Gtr);
                case '"' or '\'':
                    return LexString(r);
                case '`':
                    return LexRawString();
                case '(':
                    _parenDepth++;
                    return Emit(TokenKind.LeftParen);
                case ')':
                {
                    var t = Emit(TokenKind.RightParen);
                    _parenDepth--;
                    return _parenDepth < 0 ? Error("unexpected right parenthesis " + GoQuote.QuoteRune(')')) : t;
                }
                case '{':
                    _braceOpen = true;
                    return Emit(TokenKind.LeftBrace);
                case '[':
                {
                    if (_bracketOpen) return Error("unexpected left bracket " + GoQuote.QuoteRune('['));
                    _gotColon = false;
                    var t = Emit(TokenKind.LeftBracket);
                    SkipSpaces();
                    _bracketOpen = true;
                    _durationMode = true;
                    return t;
                }
                case ']':
                    if (!_bracketOpen) return Error("unexpected right bracket " + GoQuote.QuoteRune(']'));
                    _bracketOpen = false;
                    return Emit(TokenKind.RightBracket);
            }
            if (IsDigit(r) || (r == '.' && IsDigit(Peek())))
            {
                _pos--;
                return LexNumberOrDuration();
            }
            if (IsAlpha(r) || r == ':')
            {
                if (!_bracketOpen)
                {
                    _pos--;
                    return LexKeywordOrIdentifier();
                }
                if (r == ':')
                {
                    if (_gotColon) return Error("unexpected colon " + GoQuote.QuoteRune(':'));
                    _gotColon = true;
                    if (Peek() == ':')
                    {
                        _pos++;
                        return Emit(TokenKind.DoubleColon);
                    }
                    return Emit(TokenKind.Colon);
                }
                if (r is 's' or 'S' or 'm' or 'M' or 'r' or 'R' && TryDurationKeyword(out var kw))
                {
                    return kw;
                }
                return Error("unexpected character: " + GoQuote.QuoteRune(r) + ", expected " + GoQuote.QuoteRune(':'));
            }
            return Error("unexpected character: " + GoQuote.QuoteRune(RuneAt(_pos - 1)));
        }
    }

    private Token LexComment()
    {
        _pos++;
        while (!AtEnd && _input[_pos] is not ('\n' or '\r')) _pos++;
        return Emit(TokenKind.Comment);
    }

    private Token LexInsideBraces()
    {
        SkipSpaces();
        if (AtEnd) return Error("unexpected end of input inside braces");
        char r = _input[_pos];
        if (r == '#') return LexComment();
        _pos++;
        if (IsAlpha(r))
        {
            while (!AtEnd && IsAlphaNumeric(_input[_pos])) _pos++;
            return Emit(TokenKind.Identifier);
        }
        switch (r)
        {
            case ',': return Emit(TokenKind.Comma);
            case '"' or '\'': return LexString(r);
            case '`': return LexRawString();
            case '=':
                if (Peek() == '~')
                {
                    _pos++;
                    return Emit(TokenKind.EqlRegex);
                }
                return Emit(TokenKind.Eql);
            case '!':
                if (Peek() == '~')
                {
                    _pos++;
                    return Emit(TokenKind.NeqRegex);
                }
                if (Peek() == '=')
                {
                    _pos++;
                    return Emit(TokenKind.Neq);
                }
                return Error("unexpected character after '!' inside braces: " + (AtEnd ? GoQuote.QuoteRune(GoQuote.RuneError) : GoQuote.QuoteRune(RuneAt(_pos))));
            case '{':
                return Error("unexpected left brace " + GoQuote.QuoteRune('{'));
            case '}':
                _braceOpen = false;
                return Emit(TokenKind.RightBrace);
            default:
                return Error("unexpected character inside braces: " + GoQuote.QuoteRune(RuneAt(_pos - 1)));
        }
    }

    private Token LexDurationExpr()
    {
        while (true)
        {
            if (AtEnd) return Error("unexpected end of input in duration expression");
            char r = _input[_pos++];
            switch (r)
            {
                case ']':
                    _bracketOpen = false;
                    _gotColon = false;
                    _durationMode = false;
                    return Emit(TokenKind.RightBracket);
                case ':':
                {
                    var t = Emit(TokenKind.Colon);
                    if (!_gotDuration) return Error("unexpected colon before duration in duration expression");
                    if (_gotColon) return Error("unexpected repeated colon in duration expression");
                    _gotColon = true;
                    return t;
                }
                case '(':
                    _parenDepth++;
                    return Emit(TokenKind.LeftParen);
                case ')':
                {
                    var t = Emit(TokenKind.RightParen);
                    _parenDepth--;
                    return _parenDepth < 0 ? Error("unexpected right parenthesis " + GoQuote.QuoteRune(')')) : t;
                }
                case ' ' or '\t' or '\n' or '\r':
                    SkipSpaces();
                    continue;
                case '+': return Emit(TokenKind.Add);
                case '-': return Emit(TokenKind.Sub);
                case '*': return Emit(TokenKind.Mul);
                case '/': return Emit(TokenKind.Div);
                case '%': return Emit(TokenKind.Mod);
                case '^': return Emit(TokenKind.Pow);
                case ',': return Emit(TokenKind.Comma);
                case 's' or 'S' or 'm' or 'M' or 'r' or 'R':
                    if (TryDurationKeyword(out var kw)) return kw;
                    return Error("unexpected character in duration expression: " + GoQuote.QuoteRune(r));
            }
            if (IsDigit(r) || (r == '.' && IsDigit(Peek())))
            {
                _pos--;
                _gotDuration = true;
                _durationMode = false;
                return LexNumberOrDuration();
            }
            return Error("unexpected character in duration expression: " + GoQuote.QuoteRune(RuneAt(_pos - 1)));
        }
    }

    // The first letter is consumed; the word decides (upstream scanDurationKeyword).
    private bool TryDurationKeyword(out Token token)
    {
        while (!AtEnd && IsAlpha(_input[_pos])) _pos++;
        var word = _input.AsSpan(_start, _pos - _start);
        TokenKind kind =
            word.Equals("step", StringComparison.OrdinalIgnoreCase) ? TokenKind.Step :
            word.Equals("range", StringComparison.OrdinalIgnoreCase) ? TokenKind.Range :
            word.Equals("min_of", StringComparison.OrdinalIgnoreCase) ? TokenKind.MinOf :
            word.Equals("max_of", StringComparison.OrdinalIgnoreCase) ? TokenKind.MaxOf :
            TokenKind.Eof;
        if (kind == TokenKind.Eof)
        {
            token = default;
            return false;
        }
        token = Emit(kind);
        return true;
    }

    private Token LexKeywordOrIdentifier()
    {
        bool colon = false;
        while (!AtEnd && (IsAlphaNumeric(_input[_pos]) || _input[_pos] == ':'))
        {
            colon |= _input[_pos] == ':';
            _pos++;
        }
        var word = _input.AsSpan(_start, _pos - _start);
        if (TokenKinds.TryKeyword(word, out var kind))
        {
            // fill/fill_left/fill_right are keywords only before "(", so metrics may keep those names.
            if (kind is TokenKind.Fill or TokenKind.FillLeft or TokenKind.FillRight && !FollowedByLeftParen())
            {
                return Emit(TokenKind.Identifier);
            }
            return Emit(kind);
        }
        return Emit(colon ? TokenKind.MetricIdentifier : TokenKind.Identifier);
    }

    private bool FollowedByLeftParen()
    {
        int p = _pos;
        while (p < _input.Length && IsSpace(_input[p])) p++;
        return p < _input.Length && _input[p] == '(';
    }

    private int RuneAt(int index)
    {
        if (index >= _input.Length) return GoQuote.RuneError;
        char c = _input[index];
        if (char.IsHighSurrogate(c) && index + 1 < _input.Length && char.IsLowSurrogate(_input[index + 1]))
        {
            return char.ConvertToUtf32(c, _input[index + 1]);
        }
        return char.IsSurrogate(c) ? GoQuote.RuneError : c;
    }

    public static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r';

    public static bool IsDigit(char c) => c is >= '0' and <= '9';

    public static bool IsAlpha(char c) => c == '_' || char.IsAsciiLetter(c);

    public static bool IsAlphaNumeric(char c) => IsAlpha(c) || IsDigit(c);
}
