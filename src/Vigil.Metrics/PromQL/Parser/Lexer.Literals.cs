using Vigil.Metrics.GoText;

namespace Vigil.Metrics.PromQL.Parser;

/// <summary>The lexer's literal scanners: quoted and raw strings (escapes validated as upstream's lexEscape), numbers and durations.</summary>
internal sealed partial class Lexer
{
    private Token LexString(char quote)
    {
        while (true)
        {
            if (AtEnd) return Error("unterminated quoted string");
            char c = _input[_pos++];
            if (c == quote) return Emit(TokenKind.String);
            switch (c)
            {
                case '\n':
                    return Error("unterminated quoted string");
                case '\\':
                {
                    string? err = ScanEscape(quote);
                    if (err != null) return Error(err);
                    break;
                }
                default:
                    if (char.IsSurrogate(c))
                    {
                        if (char.IsHighSurrogate(c) && !AtEnd && char.IsLowSurrogate(_input[_pos])) _pos++;
                        else return Error("invalid UTF-8 rune");
                    }
                    break;
            }
        }
    }

    // Validates one escape after the backslash (upstream lexEscape, from go/scanner).
    private string? ScanEscape(char quote)
    {
        if (AtEnd) return "escape sequence not terminated";
        char ch = _input[_pos++];
        int n;
        uint radix, max;
        switch (ch)
        {
            case 'a' or 'b' or 'f' or 'n' or 'r' or 't' or 'v' or '\\':
                return null;
            case >= '0' and <= '7':
                n = 3; radix = 8; max = 255;
                _pos--;
                break;
            case 'x':
                n = 2; radix = 16; max = 255;
                break;
            case 'u':
                n = 4; radix = 16; max = 0x10FFFF;
                break;
            case 'U':
                n = 8; radix = 16; max = 0x10FFFF;
                break;
            default:
                if (ch == quote) return null;
                return "unknown escape sequence " + GoQuote.FormatRuneU(RuneAt(_pos - 1));
        }
        uint x = 0;
        for (; n > 0; n--)
        {
            if (AtEnd) return "escape sequence not terminated";
            int d = DigitValue(_input[_pos]);
            if (d >= radix) return "illegal character " + GoQuote.FormatRuneU(RuneAt(_pos)) + " in escape sequence";
            x = (x * radix) + (uint)d;
            _pos++;
        }
        if (x > max || (x >= 0xD800 && x < 0xE000)) return "escape sequence is an invalid Unicode code point";
        return null;
    }

    private Token LexRawString()
    {
        while (true)
        {
            if (AtEnd) return Error("unterminated raw string");
            char c = _input[_pos++];
            if (c == '`') return Emit(TokenKind.String);
            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && !AtEnd && char.IsLowSurrogate(_input[_pos])) _pos++;
                else return Error("invalid UTF-8 rune");
            }
        }
    }

    private Token LexNumberOrDuration()
    {
        if (ScanNumber()) return Emit(TokenKind.Number);
        if (AcceptRemainingDuration())
        {
            return Emit(TokenKind.Duration);
        }
        return Error("bad number or duration syntax: " + GoQuote.Quote(_input.AsSpan(_start, _pos - _start)));
    }

    private bool Accept(string valid)
    {
        if (!AtEnd && valid.Contains(_input[_pos], StringComparison.Ordinal))
        {
            _pos++;
            return true;
        }
        return false;
    }

    // Units, then optionally more number+unit pairs; the next character must not be alphanumeric.
    // Bad unit sequences (like "hs") are left to the duration parser, as upstream does.
    private bool AcceptRemainingDuration()
    {
        if (!Accept("smhdwy")) return false;
        Accept("s");
        while (Accept("0123456789"))
        {
            while (Accept("0123456789"))
            {
            }
            if (!Accept("smhdw")) return false;
            Accept("s");
        }
        if (!AtEnd && IsAlphaNumeric(_input[_pos]))
        {
            _pos++;
            return false;
        }
        return true;
    }

    // Upstream scanNumber: decimal, hex (no fraction), '.', exponent, '_' separators; the result is
    // validated again when converted. Returns false if what follows is alphanumeric (maybe a duration).
    private bool ScanNumber()
    {
        int initial = _pos;
        bool hex = false;
        // As upstream, a leading 0 is consumed even when no x follows.
        if (Accept("0") && Accept("xX"))
        {
            Accept("_");
            hex = true;
        }
        Accept(".");
        AcceptDigit(hex);
        bool dotConsumed = false, exponentConsumed = false;
        while (!AtEnd && (IsNumberDigit(_input[_pos], hex) || _input[_pos] is '.' or '_' or 'e' or 'E'))
        {
            char c = _input[_pos];
            if (c == '.')
            {
                _pos++;
                if (dotConsumed) return false;
                dotConsumed = true;
                if (Accept("_.")) return false;
                if (hex) return false;
                continue;
            }
            // As upstream, e/E is an exponent even after 0x (so 0x1e needs a following character).
            if (c is 'e' or 'E')
            {
                _pos++;
                if (exponentConsumed) return false;
                exponentConsumed = true;
                Accept("+-");
                if (Accept("._eE") || AtEnd) return false;
                continue;
            }
            if (c == '_')
            {
                _pos++;
                if (Accept("._eE") || AtEnd) return false;
                continue;
            }
            while (!AtEnd && IsNumberDigit(_input[_pos], hex)) _pos++;
        }
        if (_pos == initial) return false;
        return AtEnd || !IsAlphaNumeric(_input[_pos]);
    }

    private void AcceptDigit(bool hex)
    {
        if (!AtEnd && IsNumberDigit(_input[_pos], hex)) _pos++;
    }

    private static bool IsNumberDigit(char c, bool hex) => IsDigit(c) || (hex && char.IsAsciiHexDigit(c));

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => 16,
    };
}
