namespace Vigil.Metrics.PromQL.Parser;

/// <summary>
/// Token kinds of the PromQL lexer (Prometheus <c>ItemType</c>). The groups matter for error texts:
/// keywords print as <c>&lt;by&gt;</c>, operators as <c>&lt;op:+&gt;</c>, aggregators as <c>&lt;aggr:sum&gt;</c>.
/// </summary>
internal enum TokenKind : byte
{
    Eof,
    Error,
    Comment,
    Identifier,
    MetricIdentifier,
    Number,
    Duration,
    String,
    LeftParen,
    RightParen,
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    Comma,
    Eql,
    Colon,
    DoubleColon,

    // Operators.
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Eqlc,
    Neq,
    Lss,
    Lte,
    Gtr,
    Gte,
    TrimUpper,
    TrimLower,
    EqlRegex,
    NeqRegex,
    At,
    Atan2,
    Land,
    Lor,
    Lunless,

    // Aggregators.
    Avg,
    BottomK,
    Count,
    CountValues,
    Group,
    Max,
    Min,
    Quantile,
    Stddev,
    Stdvar,
    Sum,
    TopK,
    LimitK,
    LimitRatio,

    // Keywords.
    Bool,
    By,
    GroupLeft,
    GroupRight,
    Ignoring,
    Offset,
    Smoothed,
    Anchored,
    On,
    Without,
    Fill,
    FillLeft,
    FillRight,

    // Preprocessors and duration-expression functions.
    Start,
    End,
    Step,
    Range,
    MinOf,
    MaxOf,
}

/// <summary>Classification and texts of token kinds, as upstream's <c>lex.go</c> defines them.</summary>
internal static class TokenKinds
{
    public static bool IsOperator(this TokenKind k) => k is >= TokenKind.Add and <= TokenKind.Lunless;

    public static bool IsAggregator(this TokenKind k) => k is >= TokenKind.Avg and <= TokenKind.LimitRatio;

    public static bool IsKeyword(this TokenKind k) => k is >= TokenKind.Bool and <= TokenKind.FillRight;

    public static bool IsAggregatorWithParam(this TokenKind k) =>
        k is TokenKind.TopK or TokenKind.BottomK or TokenKind.CountValues or TokenKind.Quantile or TokenKind.LimitK or TokenKind.LimitRatio;

    /// <summary>Keywords by lower-case spelling (upstream <c>key</c>); <c>inf</c> and <c>nan</c> lex as numbers.</summary>
    public static bool TryKeyword(ReadOnlySpan<char> word, out TokenKind kind)
    {
        Span<char> lower = stackalloc char[16];
        if (word.Length > lower.Length)
        {
            kind = default;
            return false;
        }
        int n = word.ToLowerInvariant(lower);
        kind = lower[..n] switch
        {
            "and" => TokenKind.Land,
            "or" => TokenKind.Lor,
            "unless" => TokenKind.Lunless,
            "atan2" => TokenKind.Atan2,
            "sum" => TokenKind.Sum,
            "avg" => TokenKind.Avg,
            "count" => TokenKind.Count,
            "min" => TokenKind.Min,
            "max" => TokenKind.Max,
            "group" => TokenKind.Group,
            "stddev" => TokenKind.Stddev,
            "stdvar" => TokenKind.Stdvar,
            "topk" => TokenKind.TopK,
            "bottomk" => TokenKind.BottomK,
            "count_values" => TokenKind.CountValues,
            "quantile" => TokenKind.Quantile,
            "limitk" => TokenKind.LimitK,
            "limit_ratio" => TokenKind.LimitRatio,
            "offset" => TokenKind.Offset,
            "smoothed" => TokenKind.Smoothed,
            "anchored" => TokenKind.Anchored,
            "by" => TokenKind.By,
            "without" => TokenKind.Without,
            "on" => TokenKind.On,
            "ignoring" => TokenKind.Ignoring,
            "group_left" => TokenKind.GroupLeft,
            "group_right" => TokenKind.GroupRight,
            "fill" => TokenKind.Fill,
            "fill_left" => TokenKind.FillLeft,
            "fill_right" => TokenKind.FillRight,
            "bool" => TokenKind.Bool,
            "start" => TokenKind.Start,
            "end" => TokenKind.End,
            "step" => TokenKind.Step,
            "range" => TokenKind.Range,
            "inf" or "nan" => TokenKind.Number,
            _ => TokenKind.Eof,
        };
        return kind != TokenKind.Eof;
    }

    /// <summary>The fixed spelling of a kind (upstream <c>ItemTypeStr</c>), or null for kinds with variable text.</summary>
    public static string? FixedText(this TokenKind k) => k switch
    {
        TokenKind.LeftParen => "(",
        TokenKind.RightParen => ")",
        TokenKind.LeftBrace => "{",
        TokenKind.RightBrace => "}",
        TokenKind.LeftBracket => "[",
        TokenKind.RightBracket => "]",
        TokenKind.Comma => ",",
        TokenKind.Eql => "=",
        TokenKind.Colon => ":",
        TokenKind.DoubleColon => "::",
        TokenKind.Add => "+",
        TokenKind.Sub => "-",
        TokenKind.Mul => "*",
        TokenKind.Div => "/",
        TokenKind.Mod => "%",
        TokenKind.Pow => "^",
        TokenKind.Eqlc => "==",
        TokenKind.Neq => "!=",
        TokenKind.Lss => "<",
        TokenKind.Lte => "<=",
        TokenKind.Gtr => ">",
        TokenKind.Gte => ">=",
        TokenKind.TrimUpper => "</",
        TokenKind.TrimLower => ">/",
        TokenKind.EqlRegex => "=~",
        TokenKind.NeqRegex => "!~",
        TokenKind.At => "@",
        TokenKind.Atan2 => "atan2",
        TokenKind.Land => "and",
        TokenKind.Lor => "or",
        TokenKind.Lunless => "unless",
        TokenKind.Avg => "avg",
        TokenKind.BottomK => "bottomk",
        TokenKind.Count => "count",
        TokenKind.CountValues => "count_values",
        TokenKind.Group => "group",
        TokenKind.Max => "max",
        TokenKind.Min => "min",
        TokenKind.Quantile => "quantile",
        TokenKind.Stddev => "stddev",
        TokenKind.Stdvar => "stdvar",
        TokenKind.Sum => "sum",
        TokenKind.TopK => "topk",
        TokenKind.LimitK => "limitk",
        TokenKind.LimitRatio => "limit_ratio",
        TokenKind.Bool => "bool",
        TokenKind.By => "by",
        TokenKind.GroupLeft => "group_left",
        TokenKind.GroupRight => "group_right",
        TokenKind.Ignoring => "ignoring",
        TokenKind.Offset => "offset",
        TokenKind.Smoothed => "smoothed",
        TokenKind.Anchored => "anchored",
        TokenKind.On => "on",
        TokenKind.Without => "without",
        TokenKind.Fill => "fill",
        TokenKind.FillLeft => "fill_left",
        TokenKind.FillRight => "fill_right",
        TokenKind.Start => "start",
        TokenKind.End => "end",
        TokenKind.Step => "step",
        TokenKind.Range => "range",
        TokenKind.MinOf => "min_of",
        TokenKind.MaxOf => "max_of",
        _ => null,
    };

    /// <summary>Upstream <c>ItemType.desc()</c> for kinds without a fixed spelling.</summary>
    public static string Describe(this TokenKind k) => k switch
    {
        TokenKind.Error => "error",
        TokenKind.Eof => "end of input",
        TokenKind.Comment => "comment",
        TokenKind.Identifier => "identifier",
        TokenKind.MetricIdentifier => "metric identifier",
        TokenKind.String => "string",
        TokenKind.Number => "number",
        TokenKind.Duration => "duration",
        _ => k.FixedText() ?? k.ToString(),
    };
}
