using Vigil.Metrics.GoText;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.PromQL.Parser;

internal sealed partial class ExpressionParser
{
    private const string MetricNameLabel = "__name__";

    /// <summary>A vector selector: optional metric name (already consumed), optional <c>{matchers}</c>.</summary>
    private VectorSelector ParseVectorSelector(Token? name)
    {
        var matchers = new List<Matcher>();
        int start = name?.Start ?? _tok.Start;
        int end = name?.End ?? 0;
        if (_tok.Kind == TokenKind.LeftBrace)
        {
            ParseLabelMatchers(matchers);
            end = _prevEnd;
        }
        var vs = new VectorSelector { Position = new PositionRange(start, end) };
        if (name is { } n)
        {
            vs.Name = TextString(n);
            // Upstream appends the name matcher after the braces' matchers (checkAST relies on it being last).
            matchers.Add(Matcher.Create(MatcherType.Equal, MetricNameLabel, vs.Name));
        }
        vs.Matchers = matchers;
        return vs;
    }

    private void ParseLabelMatchers(List<Matcher> matchers)
    {
        Advance(); // {
        while (true)
        {
            if (_tok.Kind == TokenKind.RightBrace)
            {
                Advance();
                return;
            }
            ParseLabelMatcher(matchers);
            if (_tok.Kind == TokenKind.Comma)
            {
                Advance();
                continue;
            }
            if (_tok.Kind == TokenKind.RightBrace)
            {
                Advance();
                return;
            }
            throw Unexpected("label matching", "\",\" or \"}\"");
        }
    }

    private void ParseLabelMatcher(List<Matcher> matchers)
    {
        var label = _tok;
        string name;
        if (label.Kind == TokenKind.Identifier)
        {
            Advance();
            name = TextString(label);
            if (!IsMatchOp(_tok.Kind)) throw Unexpected("label matching", "label matching operator");
        }
        else if (label.Kind == TokenKind.String)
        {
            Advance();
            name = UnquoteToken(label);
            if (!IsMatchOp(_tok.Kind))
            {
                // A lone quoted string is the metric name: {"my.metric"}.
                matchers.Add(Matcher.Create(MatcherType.Equal, MetricNameLabel, name));
                return;
            }
        }
        else
        {
            throw Unexpected("label matching", "identifier or \"}\"");
        }
        var op = Advance();
        if (_tok.Kind != TokenKind.String) throw Unexpected("label matching", "string");
        var valueTok = Advance();
        string value = UnquoteToken(valueTok);
        var type = op.Kind switch
        {
            TokenKind.Eql => MatcherType.Equal,
            TokenKind.Neq => MatcherType.NotEqual,
            TokenKind.EqlRegex => MatcherType.Regex,
            _ => MatcherType.NotRegex,
        };
        try
        {
            matchers.Add(Matcher.Create(type, name, value));
        }
        catch (FormatException ex)
        {
            AddError(new PositionRange(label.Start, valueTok.End), ex.Message);
        }
        catch (ArgumentException ex)
        {
            AddError(new PositionRange(label.Start, valueTok.End), ex.Message);
        }
    }

    private static bool IsMatchOp(TokenKind k) => k is TokenKind.Eql or TokenKind.Neq or TokenKind.EqlRegex or TokenKind.NeqRegex;

    private string UnquoteToken(Token t)
    {
        string? err = StringUnquoting.Unquote(Text(t), out string value);
        if (err != null) AddError(new PositionRange(t.Start, t.End), "error unquoting string " + GoQuote.Quote(Text(t)) + ": " + err);
        return value;
    }

    private Call ParseCall()
    {
        var nameTok = Advance();
        string name = TextString(nameTok);
        if (!FunctionTable.TryGet(name, out var function))
        {
            AddError(new PositionRange(nameTok.Start, nameTok.End), "unknown function with name " + GoQuote.Quote(name));
            function = new FunctionInfo(name, [], -1, ExprType.None);
        }
        var args = ParseCallBody();
        return new Call(function, args) { Position = new PositionRange(nameTok.Start, _prevEnd) };
    }

    /// <summary><c>( arg, arg, ... )</c>; a trailing comma is reported and skipped, as upstream does.</summary>
    private List<Expr> ParseCallBody()
    {
        Expect(TokenKind.LeftParen);
        var args = new List<Expr>();
        if (_tok.Kind == TokenKind.RightParen)
        {
            Advance();
            return args;
        }
        while (true)
        {
            args.Add(ParseExpr(0));
            if (_tok.Kind == TokenKind.RightParen)
            {
                Advance();
                return args;
            }
            if (_tok.Kind != TokenKind.Comma) throw Unexpected();
            var comma = Advance();
            if (_tok.Kind == TokenKind.RightParen)
            {
                AddError(new PositionRange(comma.Start, comma.End), "trailing commas not allowed in function call args");
                Advance();
                return args;
            }
        }
    }

    private AggregateExpr ParseAggregate()
    {
        var opTok = Advance();
        PushContext("aggregation", "");
        IReadOnlyList<string> grouping = [];
        bool without = false, modifierSeen = false;
        if (_tok.Kind is TokenKind.By or TokenKind.Without)
        {
            without = Advance().Kind == TokenKind.Without;
            grouping = ParseGroupingLabels();
            modifierSeen = true;
        }
        if (_tok.Kind != TokenKind.LeftParen) throw Unexpected();
        var args = ParseCallBody();
        if (!modifierSeen && _tok.Kind is TokenKind.By or TokenKind.Without)
        {
            without = Advance().Kind == TokenKind.Without;
            grouping = ParseGroupingLabels();
        }
        PopContext();
        var op = ToAggregationOp(opTok.Kind);
        var position = new PositionRange(opTok.Start, _prevEnd);
        var agg = new AggregateExpr(op, args.Count > 0 ? args[^1] : new NumberLiteral(0))
        {
            Grouping = grouping,
            Without = without,
            Position = position,
        };
        if (args.Count == 0)
        {
            AddError(position, "no arguments for aggregate expression provided");
            return agg;
        }
        int desired = 1;
        if (opTok.Kind.IsAggregatorWithParam())
        {
            desired = 2;
            agg.Param = args[0];
        }
        if (args.Count != desired)
        {
            AddError(position, "wrong number of arguments for aggregate expression provided, expected " + desired + ", got " + args.Count);
        }
        return agg;
    }

    private static AggregationOp ToAggregationOp(TokenKind k) => k switch
    {
        TokenKind.Sum => AggregationOp.Sum,
        TokenKind.Avg => AggregationOp.Avg,
        TokenKind.Count => AggregationOp.Count,
        TokenKind.Min => AggregationOp.Min,
        TokenKind.Max => AggregationOp.Max,
        TokenKind.Group => AggregationOp.Group,
        TokenKind.Stddev => AggregationOp.Stddev,
        TokenKind.Stdvar => AggregationOp.Stdvar,
        TokenKind.TopK => AggregationOp.TopK,
        TokenKind.BottomK => AggregationOp.BottomK,
        TokenKind.CountValues => AggregationOp.CountValues,
        TokenKind.Quantile => AggregationOp.Quantile,
        TokenKind.LimitK => AggregationOp.LimitK,
        _ => AggregationOp.LimitRatio,
    };

    // Keywords the lexer may produce where a label name is expected (upstream maybe_label).
    private static bool IsMaybeLabel(TokenKind k) => k is TokenKind.Identifier or TokenKind.MetricIdentifier
        or TokenKind.Bool or TokenKind.By or TokenKind.GroupLeft or TokenKind.GroupRight or TokenKind.Ignoring
        or TokenKind.Land or TokenKind.Lor or TokenKind.Lunless or TokenKind.Offset or TokenKind.On or TokenKind.Without
        or TokenKind.Start or TokenKind.End or TokenKind.Atan2 or TokenKind.Step or TokenKind.Range
        or TokenKind.Anchored or TokenKind.Smoothed or TokenKind.Fill or TokenKind.FillLeft or TokenKind.FillRight
        || k.IsAggregator();

    /// <summary><c>( label, "quoted label", ... )</c> after by/without/on/ignoring/group_left/group_right.</summary>
    private List<string> ParseGroupingLabels()
    {
        if (_tok.Kind != TokenKind.LeftParen) throw Unexpected("grouping opts", "\"(\"");
        Advance();
        var labels = new List<string>();
        if (_tok.Kind == TokenKind.RightParen)
        {
            Advance();
            return labels;
        }
        while (true)
        {
            var t = _tok;
            string label;
            if (IsMaybeLabel(t.Kind))
            {
                label = TextString(Advance());
            }
            else if (t.Kind == TokenKind.String)
            {
                label = UnquoteToken(Advance());
            }
            else
            {
                throw Unexpected("grouping opts", "label");
            }
            if (!IsValidUtf8LabelName(label))
            {
                AddError(new PositionRange(t.Start, t.End), "invalid label name for grouping: " + GoQuote.Quote(label));
            }
            labels.Add(label);
            if (_tok.Kind == TokenKind.RightParen)
            {
                Advance();
                return labels;
            }
            if (_tok.Kind != TokenKind.Comma) throw Unexpected("grouping opts", "\",\" or \")\"");
            Advance();
            if (_tok.Kind == TokenKind.RightParen)
            {
                Advance();
                return labels;
            }
        }
    }

    // model.UTF8Validation: any non-empty valid UTF-8 string.
    private static bool IsValidUtf8LabelName(string s)
    {
        if (s.Length == 0) return false;
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            else if (char.IsSurrogate(s[i])) return false;
        }
        return true;
    }
}
