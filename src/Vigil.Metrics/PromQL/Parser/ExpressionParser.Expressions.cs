using Vigil.Metrics.GoText;
using Vigil.Metrics.PromQL.Ast;

namespace Vigil.Metrics.PromQL.Parser;

internal sealed partial class ExpressionParser
{
    private const int UnaryPrecedence = 6;

    // Upstream precedence (lowest first): or; and unless; comparisons; + -; * / % atan2; ^ (right-assoc).
    private static int Precedence(TokenKind k) => k switch
    {
        TokenKind.Lor => 1,
        TokenKind.Land or TokenKind.Lunless => 2,
        TokenKind.Eqlc or TokenKind.Neq or TokenKind.Lss or TokenKind.Lte or TokenKind.Gtr or TokenKind.Gte => 3,
        TokenKind.Add or TokenKind.Sub => 4,
        TokenKind.Mul or TokenKind.Div or TokenKind.Mod or TokenKind.Atan2 or TokenKind.TrimUpper or TokenKind.TrimLower => 5,
        TokenKind.Pow => 6,
        _ => 0,
    };

    private static BinaryOperator ToBinaryOperator(TokenKind k) => k switch
    {
        TokenKind.Add => BinaryOperator.Add,
        TokenKind.Sub => BinaryOperator.Sub,
        TokenKind.Mul => BinaryOperator.Mul,
        TokenKind.Div => BinaryOperator.Div,
        TokenKind.Mod => BinaryOperator.Mod,
        TokenKind.Pow => BinaryOperator.Pow,
        TokenKind.Atan2 => BinaryOperator.Atan2,
        TokenKind.Eqlc => BinaryOperator.Eql,
        TokenKind.Neq => BinaryOperator.Neq,
        TokenKind.Gtr => BinaryOperator.Gtr,
        TokenKind.Lss => BinaryOperator.Lss,
        TokenKind.Gte => BinaryOperator.Gte,
        TokenKind.Lte => BinaryOperator.Lte,
        TokenKind.Land => BinaryOperator.And,
        TokenKind.Lor => BinaryOperator.Or,
        TokenKind.TrimUpper => BinaryOperator.TrimUpper,
        TokenKind.TrimLower => BinaryOperator.TrimLower,
        _ => BinaryOperator.Unless,
    };

    /// <summary>Parses operands joined by binary operators of precedence at least <paramref name="minPrecedence"/>.</summary>
    private Expr ParseExpr(int minPrecedence)
    {
        Enter();
        try
        {
            return ParseExprCore(minPrecedence);
        }
        finally
        {
            Leave();
        }
    }

    private Expr ParseExprCore(int minPrecedence)
    {
        Expr left = ParseUnary();
        while (true)
        {
            int prec = Precedence(_tok.Kind);
            if (prec == 0 || prec < minPrecedence) return left;
            var opTok = Advance();
            var matching = ParseBinaryModifiers(out bool returnBool);
            // ^ is right-associative; all others are left-associative.
            Expr right = ParseExpr(opTok.Kind == TokenKind.Pow ? prec : prec + 1);
            left = new BinaryExpr(ToBinaryOperator(opTok.Kind), left, right)
            {
                Matching = matching,
                ReturnBool = returnBool,
                Position = new PositionRange(left.Position.Start, right.Position.End),
            };
        }
    }

    private Expr ParseUnary()
    {
        if (_tok.Kind is not (TokenKind.Add or TokenKind.Sub)) return ParsePostfix(ParsePrimary());
        var op = Advance();
        // Unary binds like * (upstream %prec MUL): -a^b is -(a^b), -a*b is (-a)*b.
        Expr operand = ParseExpr(UnaryPrecedence);
        if (operand is NumberLiteral nl)
        {
            if (op.Kind == TokenKind.Sub) nl.Value = -nl.Value;
            nl.Position = new PositionRange(op.Start, nl.Position.End);
            return nl;
        }
        return new UnaryExpr(op.Kind == TokenKind.Sub, operand) { Position = new PositionRange(op.Start, operand.Position.End) };
    }

    private static bool IsMetricIdentifier(TokenKind k) => k is TokenKind.Identifier or TokenKind.MetricIdentifier
        or TokenKind.By or TokenKind.Without or TokenKind.Land or TokenKind.Lor or TokenKind.Lunless or TokenKind.Offset
        or TokenKind.Start or TokenKind.End or TokenKind.Step or TokenKind.Range or TokenKind.Anchored or TokenKind.Smoothed
        || k.IsAggregator();

    private Expr ParsePrimary()
    {
        var t = _tok;
        switch (t.Kind)
        {
            case TokenKind.Number:
            case TokenKind.Duration:
                return ParseNumberLiteral();
            case TokenKind.String:
            {
                Advance();
                string? err = StringUnquoting.Unquote(Text(t), out string value);
                if (err != null) AddError(new PositionRange(t.Start, t.End), "error unquoting string " + GoQuote.Quote(Text(t)) + ": " + err);
                return new StringLiteral(value) { Position = new PositionRange(t.Start, t.End) };
            }
            case TokenKind.LeftParen:
            {
                Advance();
                Expr inner = ParseExpr(0);
                var close = Expect(TokenKind.RightParen);
                return new ParenExpr(inner) { Position = new PositionRange(t.Start, close.End) };
            }
            case TokenKind.LeftBrace:
                return ParseVectorSelector(null);
            case TokenKind.Identifier:
                if (PeekNext().Kind == TokenKind.LeftParen) return ParseCall();
                break;
            case TokenKind.Start or TokenKind.End or TokenKind.Step or TokenKind.Range:
                if (PeekNext().Kind == TokenKind.LeftParen) return ParseCall();
                break;
        }
        if (t.Kind.IsAggregator() && PeekNext().Kind is TokenKind.LeftParen or TokenKind.By or TokenKind.Without)
        {
            return ParseAggregate();
        }
        if (IsMetricIdentifier(t.Kind))
        {
            Advance();
            return ParseVectorSelector(t);
        }
        throw Unexpected();
    }

    private NumberLiteral ParseNumberLiteral()
    {
        var t = Advance();
        double value;
        bool isDuration = t.Kind == TokenKind.Duration;
        if (isDuration)
        {
            string? err = GoNumbers.ParseDuration(Text(t), out long nanos);
            if (err != null) AddError(new PositionRange(t.Start, t.End), err);
            value = nanos / 1e9;
        }
        else
        {
            string? err = GoNumbers.ParseNumber(Text(t), out value);
            if (err != null) AddError(new PositionRange(t.Start, t.End), "error parsing number: " + err);
        }
        return new NumberLiteral(value) { IsDuration = isDuration, Position = new PositionRange(t.Start, t.End) };
    }

    /// <summary>Range/subquery brackets, offset, @, anchored and smoothed bind tighter than any operator.</summary>
    private Expr ParsePostfix(Expr e)
    {
        while (true)
        {
            switch (_tok.Kind)
            {
                case TokenKind.LeftBracket:
                    e = ParseRangeOrSubquery(e);
                    break;
                case TokenKind.Offset:
                    ParseOffset(e);
                    break;
                case TokenKind.At:
                    ParseAt(e);
                    break;
                case TokenKind.Anchored:
                    Advance();
                    SetAnchoredOrSmoothed(e, anchored: true);
                    break;
                case TokenKind.Smoothed:
                    Advance();
                    SetAnchoredOrSmoothed(e, anchored: false);
                    break;
                default:
                    return e;
            }
        }
    }

    private void SetAnchoredOrSmoothed(Expr e, bool anchored)
    {
        string name = anchored ? "anchored" : "smoothed";
        VectorSelector? vs = e switch
        {
            VectorSelector v => v,
            MatrixSelector m => m.Selector,
            _ => null,
        };
        if (vs == null)
        {
            AddError(e.Position, e is SubqueryExpr ? name + " modifier is not supported for subqueries" : name + " modifier not implemented");
            return;
        }
        if (anchored) vs.Anchored = true;
        else vs.Smoothed = true;
        if (vs.Anchored && vs.Smoothed) AddError(e.Position, "anchored and smoothed modifiers cannot be used together");
    }

    /// <summary>bool, on/ignoring(...), group_left/group_right(...), fill/fill_left/fill_right(v).</summary>
    private VectorMatching ParseBinaryModifiers(out bool returnBool)
    {
        var vm = new VectorMatching { Cardinality = VectorMatchCardinality.OneToOne };
        returnBool = false;
        if (_tok.Kind == TokenKind.Bool)
        {
            Advance();
            returnBool = true;
        }
        if (_tok.Kind is TokenKind.On or TokenKind.Ignoring)
        {
            vm.On = Advance().Kind == TokenKind.On;
            vm.MatchingLabels = ParseGroupingLabels();
            if (_tok.Kind is TokenKind.GroupLeft or TokenKind.GroupRight)
            {
                vm.Cardinality = Advance().Kind == TokenKind.GroupLeft ? VectorMatchCardinality.ManyToOne : VectorMatchCardinality.OneToMany;
                if (_tok.Kind == TokenKind.LeftParen) vm.Include = ParseGroupingLabels();
            }
        }
        while (_tok.Kind is TokenKind.Fill or TokenKind.FillLeft or TokenKind.FillRight)
        {
            var kw = Advance();
            Expect(TokenKind.LeftParen);
            double v = ParseSignedNumber();
            Expect(TokenKind.RightParen);
            var pos = new PositionRange(kw.Start, _prevEnd);
            if ((kw.Kind != TokenKind.FillRight && vm.FillLeft != null) || (kw.Kind != TokenKind.FillLeft && vm.FillRight != null))
            {
                AddError(pos, "fill modifier may not be set multiple times");
            }
            if (kw.Kind != TokenKind.FillRight) vm.FillLeft = v;
            if (kw.Kind != TokenKind.FillLeft) vm.FillRight = v;
        }
        return vm;
    }

    /// <summary>A number or duration with optional sign (upstream <c>signed_or_unsigned_number</c>), in seconds.</summary>
    private double ParseSignedNumber()
    {
        bool negate = false;
        if (_tok.Kind is TokenKind.Add or TokenKind.Sub)
        {
            negate = Advance().Kind == TokenKind.Sub;
        }
        if (_tok.Kind is not (TokenKind.Number or TokenKind.Duration)) throw Unexpected();
        double v = ParseNumberLiteral().Value;
        return negate ? -v : v;
    }
}
