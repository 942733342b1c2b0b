namespace Vigil.Metrics.PromQL.Parser;

/// <summary>
/// One lexed token: kind and span in the query (character offsets, end exclusive). For
/// <see cref="TokenKind.Error"/>, <see cref="Message"/> holds the lexer's error text.
/// </summary>
internal readonly record struct Token(TokenKind Kind, int Start, int End, string? Message = null)
{
    public int Length => End - Start;
}
