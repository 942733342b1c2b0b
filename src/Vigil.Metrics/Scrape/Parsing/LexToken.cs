namespace Vigil.Metrics.Scrape.Parsing;

/// <summary>Tokens of the exposition lexers; their names appear in errors as Prometheus prints them.</summary>
internal enum LexToken : byte
{
    Invalid,
    Eof,
    Linebreak,
    Whitespace,
    Help,
    Type,
    Unit,
    EofWord,
    Text,
    Comment,
    MName,
    QString,
    BraceOpen,
    BraceClose,
    LName,
    LValue,
    Comma,
    Equal,
    Timestamp,
    Value,
}

/// <summary>Lexer start conditions (the <c>%x</c> states of Prometheus's <c>promlex.l</c> / <c>openmetricslex.l</c>).</summary>
internal enum LexState : byte
{
    Init,
    Comment,
    Meta1,
    Meta2,
    Labels,
    LValue,
    Value,
    Timestamp,
    Exemplar,
    EValue,
    ETimestamp,
}

internal static class LexTokenNames
{
    /// <summary>The name Prometheus's <c>token.String()</c> gives.</summary>
    public static string Name(this LexToken token) => token switch
    {
        LexToken.Invalid => "INVALID",
        LexToken.Eof => "EOF",
        LexToken.Linebreak => "LINEBREAK",
        LexToken.Whitespace => "WHITESPACE",
        LexToken.Help => "HELP",
        LexToken.Type => "TYPE",
        LexToken.Unit => "UNIT",
        LexToken.EofWord => "EOFWORD",
        LexToken.Text => "TEXT",
        LexToken.Comment => "COMMENT",
        LexToken.MName => "MNAME",
        LexToken.QString => "QSTRING",
        LexToken.BraceOpen => "BOPEN",
        LexToken.BraceClose => "BCLOSE",
        LexToken.LName => "LNAME",
        LexToken.LValue => "LVALUE",
        LexToken.Comma => "COMMA",
        LexToken.Equal => "EQUAL",
        LexToken.Timestamp => "TIMESTAMP",
        _ => "VALUE",
    };
}
