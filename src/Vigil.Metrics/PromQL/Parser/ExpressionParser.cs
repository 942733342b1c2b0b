using System.Text;
using Vigil.Metrics.GoText;
using Vigil.Metrics.PromQL.Ast;

namespace Vigil.Metrics.PromQL.Parser;

/// <summary>
/// Recursive-descent (precedence-climbing) PromQL parser producing the contract AST. It follows upstream's
/// yacc grammar (<c>promql/parser/generated_parser.y</c>) and reproduces its error reporting: semantic errors
/// are collected and parsing goes on, a syntax error stops it, and only the first error is reported. Syntax
/// errors name the innermost enclosing grammar rule that has an error production ("in aggregation",
/// "in grouping opts", ...) the way goyacc's error recovery picks it.
/// </summary>
internal sealed partial class ExpressionParser
{
    private readonly Lexer _lexer;
    private readonly string _input;
    private readonly List<(PositionRange Position, string Message)> _errors = [];
    private readonly List<(string Context, string Expected)> _errorContexts = [];
    private Token _tok;
    private Token _peeked;
    private bool _hasPeeked;
    private int _prevEnd;
    private int _nesting;
    private int _tokenCount;

    public ExpressionParser(string input)
    {
        _input = input;
        _lexer = new Lexer(input);
        _tok = ReadToken();
    }

    /// <summary>Thrown to unwind after a syntax error has been recorded.</summary>
    private sealed class SyntaxAbort : Exception;

    public Expr ParseQuery()
    {
        Expr? result = null;
        try
        {
            if (_tok.Kind == TokenKind.Eof)
            {
                AddError(new PositionRange(0, 0), "no expression found in input");
            }
            else
            {
                result = ParseExpr(0);
                if (_tok.Kind != TokenKind.Eof) Unexpected();
            }
        }
        catch (SyntaxAbort)
        {
        }
        if (_errors.Count == 0 && result != null)
        {
            // Every node spans at least one token, so only long queries can be too deep.
            if (_tokenCount > TreeDepth.MaxTreeDepth && TreeDepth.Of(result) > TreeDepth.MaxTreeDepth)
            {
                AddError(result.Position, "expression is nested too deeply (more than " + TreeDepth.MaxTreeDepth + " levels)");
            }
            else
            {
                new TypeChecker(_input, AddError).Check(result);
            }
        }
        ThrowIfErrors();
        return result!;
    }

    public VectorSelector ParseSelectorOnly()
    {
        VectorSelector? result = null;
        try
        {
            result = _tok.Kind switch
            {
                TokenKind.LeftBrace => ParseVectorSelector(null),
                _ when IsMetricIdentifier(_tok.Kind) => ParseVectorSelector(Advance()),
                _ => null,
            };
            if (result == null || _tok.Kind != TokenKind.Eof) Unexpected();
        }
        catch (SyntaxAbort)
        {
        }
        ThrowIfErrors();
        return result!;
    }

    private void ThrowIfErrors()
    {
        if (_errors.Count == 0) return;
        var (pos, msg) = _errors[0];
        throw new ParseException(PositionText(_input, pos) + ": parse error: " + msg, pos, msg);
    }

    /// <summary>Upstream <c>PositionRange.StartPosInput</c>: 1-based line and byte column of the start.</summary>
    internal static string PositionText(string input, PositionRange pos)
    {
        if (pos.Start == 0 && pos.End == 0) return "unknown position";
        int start = Math.Clamp(pos.Start, 0, input.Length);
        int line = 1, lineStart = 0;
        for (int i = 0; i < start; i++)
        {
            if (input[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        int col = Encoding.UTF8.GetByteCount(input.AsSpan(lineStart, start - lineStart)) + 1;
        return line + ":" + col;
    }

    private void AddError(PositionRange position, string message) => _errors.Add((position, message));

    // ---- tokens ----

    private Token ReadToken()
    {
        while (true)
        {
            var t = _lexer.Next();
            if (t.Kind == TokenKind.Comment) continue;
            if (t.Kind == TokenKind.Error)
            {
                // The lexer error is the message; the parser sees the end of input afterwards (as upstream).
                AddError(new PositionRange(t.Start, t.End), t.Message!);
            }
            return t;
        }
    }

    private Token PeekNext()
    {
        if (!_hasPeeked)
        {
            _peeked = ReadToken();
            _hasPeeked = true;
        }
        return _peeked;
    }

    private Token Advance()
    {
        var t = _tok;
        _prevEnd = t.End;
        _tokenCount++;
        if (_hasPeeked)
        {
            _tok = _peeked;
            _hasPeeked = false;
        }
        else
        {
            _tok = ReadToken();
        }
        return t;
    }

    private ReadOnlySpan<char> Text(Token t) => _input.AsSpan(t.Start, t.Length);

    private string TextString(Token t) => _input.Substring(t.Start, t.Length);

    private Token Expect(TokenKind kind)
    {
        if (_tok.Kind != kind) Unexpected();
        return Advance();
    }

    // ---- nesting ----

    private void Enter()
    {
        if (++_nesting > TreeDepth.MaxNesting)
        {
            AddError(new PositionRange(_tok.Start, _tok.End), "expression is nested too deeply (more than " + TreeDepth.MaxNesting + " levels)");
            throw new SyntaxAbort();
        }
    }

    private void Leave() => _nesting--;

    // ---- syntax errors ----

    private void PushContext(string context, string expected) => _errorContexts.Add((context, expected));

    private void PopContext() => _errorContexts.RemoveAt(_errorContexts.Count - 1);

    /// <summary>A syntax error at the current token, reported against the innermost error context.</summary>
    private SyntaxAbort Unexpected()
    {
        var (context, expected) = _errorContexts.Count > 0 ? _errorContexts[^1] : ("", "");
        throw Unexpected(context, expected);
    }

    /// <summary>Upstream <c>parser.unexpected</c>: "unexpected &lt;token&gt; in &lt;context&gt;, expected &lt;what&gt;".</summary>
    private SyntaxAbort Unexpected(string context, string expected)
    {
        // A lexer error was already recorded and is the message (upstream does not report it twice).
        if (_tok.Kind == TokenKind.Error)
        {
            throw new SyntaxAbort();
        }
        var sb = new StringBuilder("unexpected ").Append(Describe(_tok));
        if (context.Length > 0) sb.Append(" in ").Append(context);
        if (expected.Length > 0) sb.Append(", expected ").Append(expected);
        AddError(new PositionRange(_tok.Start, _tok.End), sb.ToString());
        throw new SyntaxAbort();
    }

    /// <summary>Upstream <c>Item.desc()</c>.</summary>
    private string Describe(Token t)
    {
        if (t.Kind == TokenKind.Eof) return "end of input";
        var text = Text(t);
        string shown;
        if (t.Kind is TokenKind.Identifier or TokenKind.MetricIdentifier) shown = GoQuote.Quote(text);
        else if (t.Kind.IsKeyword()) shown = "<" + text.ToString() + ">";
        else if (t.Kind.IsOperator()) shown = "<op:" + text.ToString() + ">";
        else if (t.Kind.IsAggregator()) shown = "<aggr:" + text.ToString() + ">";
        else if (text.Length > 10) shown = GoQuote.Quote(text[..10]) + "...";
        else shown = GoQuote.Quote(text);
        return t.Kind.FixedText() != null ? shown : t.Kind.Describe() + " " + shown;
    }
}
