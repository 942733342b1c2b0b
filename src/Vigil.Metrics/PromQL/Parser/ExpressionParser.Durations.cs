using Vigil.Metrics.PromQL.Ast;

namespace Vigil.Metrics.PromQL.Parser;

internal sealed partial class ExpressionParser
{
    private const string DurationExpected = "number, duration, step(), or range()";

    // A duration literal must fit time.Duration (int64 nanoseconds).
    private static bool DurationOutOfRange(double seconds) => seconds > 9223372036.854775807 || seconds < -9223372036.854775808;

    private static long SecondsToMs(double seconds) => (long)Math.Round(seconds * 1000, MidpointRounding.AwayFromZero);

    /// <summary><c>[range]</c> or <c>[range:step]</c> / <c>[range:]</c> after an expression.</summary>
    private Expr ParseRangeOrSubquery(Expr e)
    {
        var open = Advance();
        PushContext("subquery or range selector", DurationExpected);
        if (!CanStartDurationExpr(_tok.Kind)) throw Unexpected();
        Expr range = ParsePositiveDuration();
        PopContext();
        if (_tok.Kind == TokenKind.RightBracket)
        {
            var close = Advance();
            string? err = null;
            if (e is not VectorSelector vs) err = "ranges only allowed for vector selectors";
            else if (vs.OriginalOffsetMs != 0 || vs.OffsetExpr != null) err = "no offset modifiers allowed before range";
            else if (vs.AtMs != null || vs.StartOrEnd != AtModifier.None) err = "no @ modifiers allowed before range";
            if (err != null) AddError(new PositionRange(open.Start, close.End), err);
            var ms = new MatrixSelector(e as VectorSelector ?? new VectorSelector()) { Position = new PositionRange(e.Position.Start, close.End) };
            SetDuration(range, v => ms.RangeMs = v, d => ms.RangeExpr = d);
            return ms;
        }
        if (_tok.Kind != TokenKind.Colon) throw Unexpected("subquery or range", "\":\" or \"]\"");
        Advance();
        var sq = new SubqueryExpr(e);
        SetDuration(range, v => sq.RangeMs = v, d => sq.RangeExpr = d);
        if (_tok.Kind != TokenKind.RightBracket)
        {
            if (!CanStartDurationExpr(_tok.Kind)) throw Unexpected("subquery selector", "number, duration, step(), range(), or \"]\"");
            PushContext("subquery selector", "number, duration, step(), range(), or \"]\"");
            Expr step = ParsePositiveDuration();
            PopContext();
            SetDuration(step, v => sq.StepMs = v, d => sq.StepExpr = d);
            if (_tok.Kind != TokenKind.RightBracket) throw Unexpected("subquery selector", "\"]\"");
        }
        var end = Advance();
        sq.Position = new PositionRange(e.Position.Start, end.End);
        return sq;
    }

    private static void SetDuration(Expr d, Action<long> setMs, Action<DurationExpr> setExpr)
    {
        if (d is DurationExpr de) setExpr(de);
        else setMs(SecondsToMs(((NumberLiteral)d).Value));
    }

    private Expr ParsePositiveDuration()
    {
        Expr d = ParseDurationExpr(0);
        if (d is NumberLiteral nl && nl.Value <= 0)
        {
            AddError(nl.Position, "duration must be greater than 0");
        }
        return d;
    }

    private static bool CanStartDurationExpr(TokenKind k) => k is TokenKind.Number or TokenKind.Duration or TokenKind.Add
        or TokenKind.Sub or TokenKind.LeftParen or TokenKind.Step or TokenKind.Range or TokenKind.MinOf or TokenKind.MaxOf;

    private bool IsMinMaxOf(Token t, out DurationOp op)
    {
        op = DurationOp.MinOf;
        if (t.Kind == TokenKind.MinOf) return true;
        op = DurationOp.MaxOf;
        if (t.Kind == TokenKind.MaxOf) return true;
        // Outside brackets the lexer sees min_of/max_of as identifiers.
        if (t.Kind == TokenKind.Identifier && PeekNext().Kind == TokenKind.LeftParen)
        {
            var text = Text(t);
            if (text.Equals("min_of", StringComparison.OrdinalIgnoreCase)) { op = DurationOp.MinOf; return true; }
            if (text.Equals("max_of", StringComparison.OrdinalIgnoreCase)) { op = DurationOp.MaxOf; return true; }
        }
        return false;
    }

    private static int DurationPrecedence(TokenKind k) => k switch
    {
        TokenKind.Add or TokenKind.Sub => 4,
        TokenKind.Mul or TokenKind.Div or TokenKind.Mod => 5,
        TokenKind.Pow => 6,
        _ => 0,
    };

    /// <summary>Experimental duration arithmetic (<c>[26m+4m]</c>, <c>[step()*2]</c>); literals are in seconds.</summary>
    private Expr ParseDurationExpr(int minPrecedence)
    {
        Enter();
        try
        {
            return ContinueDurationExpr(ParseDurationUnary(), minPrecedence);
        }
        finally
        {
            Leave();
        }
    }

    private Expr ContinueDurationExpr(Expr left, int minPrecedence)
    {
        while (true)
        {
            int prec = DurationPrecedence(_tok.Kind);
            if (prec == 0 || prec < minPrecedence) return left;
            var op = Advance();
            Expr right = ParseDurationExpr(op.Kind == TokenKind.Pow ? prec : prec + 1);
            if (op.Kind is TokenKind.Div or TokenKind.Mod && right is NumberLiteral { Value: 0 })
            {
                AddError(new PositionRange(op.Start, op.End), op.Kind == TokenKind.Div ? "division by zero" : "modulo by zero");
                left = new NumberLiteral(0) { Position = new PositionRange(left.Position.Start, right.Position.End) };
                continue;
            }
            var dop = op.Kind switch
            {
                TokenKind.Add => DurationOp.Add,
                TokenKind.Sub => DurationOp.Sub,
                TokenKind.Mul => DurationOp.Mul,
                TokenKind.Div => DurationOp.Div,
                TokenKind.Mod => DurationOp.Mod,
                _ => DurationOp.Pow,
            };
            left = new DurationExpr(dop, left, right) { Position = new PositionRange(left.Position.Start, right.Position.End) };
        }
    }

    private Expr ParseDurationUnary()
    {
        if (_tok.Kind is TokenKind.Add or TokenKind.Sub)
        {
            var op = Advance();
            Expr operand = ParseDurationExpr(UnaryPrecedence);
            return ApplyDurationSign(op, operand);
        }
        return ParseDurationPrimary();
    }

    private Expr ApplyDurationSign(Token op, Expr operand)
    {
        if (operand is NumberLiteral nl)
        {
            if (op.Kind == TokenKind.Sub) nl.Value = -nl.Value;
            if (DurationOutOfRange(nl.Value))
            {
                AddError(new PositionRange(op.Start, op.End), "duration out of range");
                return new NumberLiteral(0) { Position = nl.Position };
            }
            nl.Position = new PositionRange(op.Start, nl.Position.End);
            return nl;
        }
        if (op.Kind == TokenKind.Add) return operand;
        return new DurationExpr(DurationOp.Negate, null, operand) { Position = new PositionRange(op.Start, operand.Position.End) };
    }

    private Expr ParseDurationPrimary()
    {
        var t = _tok;
        if (t.Kind is TokenKind.Number or TokenKind.Duration)
        {
            var nl = ParseNumberLiteral();
            if (DurationOutOfRange(nl.Value))
            {
                AddError(nl.Position, "duration out of range");
                nl.Value = 0;
            }
            return nl;
        }
        if (t.Kind is TokenKind.Step or TokenKind.Range)
        {
            Advance();
            Expect(TokenKind.LeftParen);
            var close = Expect(TokenKind.RightParen);
            return new DurationExpr(t.Kind == TokenKind.Step ? DurationOp.Step : DurationOp.Range, null, null)
            {
                Position = new PositionRange(t.Start, close.End),
            };
        }
        if (IsMinMaxOf(t, out var minMax))
        {
            Advance();
            Expect(TokenKind.LeftParen);
            Expr a = ParseDurationExpr(0);
            Expect(TokenKind.Comma);
            Expr b = ParseDurationExpr(0);
            var close = Expect(TokenKind.RightParen);
            return new DurationExpr(minMax, a, b) { Position = new PositionRange(t.Start, close.End) };
        }
        if (t.Kind == TokenKind.LeftParen)
        {
            Advance();
            Expr inner = ParseDurationExpr(0);
            var close = Expect(TokenKind.RightParen);
            // As upstream (wrapParenDurationExpr), a parenthesised literal becomes a wrapped unary plus so it
            // prints back with its parentheses.
            var de = inner as DurationExpr ?? new DurationExpr(DurationOp.Add, null, inner);
            de.Wrapped = true;
            de.Position = new PositionRange(t.Start, close.End);
            return de;
        }
        throw Unexpected();
    }

    /// <summary>
    /// <c>offset d</c>. As upstream's offset_duration_expr, a literal, step(), range(), min_of/max_of(...) or a
    /// signed one of these ends the offset (<c>x offset 1m + 1</c> adds 1 to the selector); only a
    /// parenthesised duration expression continues with operators.
    /// </summary>
    private void ParseOffset(Expr e)
    {
        Advance();
        PushContext("offset", DurationExpected);
        Expr d;
        var t = _tok;
        if (t.Kind is TokenKind.Add or TokenKind.Sub)
        {
            var op = Advance();
            var next = _tok;
            if (next.Kind is TokenKind.Number or TokenKind.Duration or TokenKind.Step or TokenKind.Range or TokenKind.LeftParen
                || IsMinMaxOf(next, out _))
            {
                d = ApplyDurationSign(op, ParseDurationPrimary());
            }
            else
            {
                throw Unexpected();
            }
        }
        else if (t.Kind is TokenKind.Number or TokenKind.Duration or TokenKind.Step or TokenKind.Range || IsMinMaxOf(t, out _))
        {
            d = ParseDurationPrimary();
        }
        else if (t.Kind == TokenKind.LeftParen)
        {
            d = ContinueDurationExpr(ParseDurationPrimary(), 0);
        }
        else
        {
            throw Unexpected();
        }
        PopContext();
        if (d is NumberLiteral nl) AddOffset(e, SecondsToMs(nl.Value), null);
        else AddOffset(e, 0, (DurationExpr)d);
    }

    private void AddOffset(Expr e, long offsetMs, DurationExpr? expr)
    {
        switch (e)
        {
            case VectorSelector vs:
                if (vs.OriginalOffsetMs != 0 || vs.OffsetExpr != null) AddError(e.Position, "offset may not be set multiple times");
                else Set(vs);
                vs.Position = new PositionRange(vs.Position.Start, _prevEnd);
                break;
            case MatrixSelector ms:
                if (ms.Selector.OriginalOffsetMs != 0 || ms.Selector.OffsetExpr != null) AddError(e.Position, "offset may not be set multiple times");
                else Set(ms.Selector);
                ms.Position = new PositionRange(ms.Position.Start, _prevEnd);
                break;
            case SubqueryExpr sq:
                if (sq.OriginalOffsetMs != 0 || sq.OffsetExpr != null)
                {
                    AddError(e.Position, "offset may not be set multiple times");
                }
                else
                {
                    sq.OriginalOffsetMs = offsetMs;
                    sq.OffsetExpr = expr;
                }
                sq.Position = new PositionRange(sq.Position.Start, _prevEnd);
                break;
            default:
                AddError(e.Position, "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
                break;
        }

        void Set(VectorSelector vs)
        {
            vs.OriginalOffsetMs = offsetMs;
            vs.OffsetExpr = expr;
        }
    }

    /// <summary><c>@ timestamp</c>, <c>@ start()</c>, <c>@ end()</c>.</summary>
    private void ParseAt(Expr e)
    {
        Advance();
        PushContext("@", "timestamp");
        long? atMs = null;
        var preprocessor = AtModifier.None;
        if (_tok.Kind is TokenKind.Start or TokenKind.End)
        {
            preprocessor = Advance().Kind == TokenKind.Start ? AtModifier.Start : AtModifier.End;
            Expect(TokenKind.LeftParen);
            Expect(TokenKind.RightParen);
        }
        else if (_tok.Kind is TokenKind.Number or TokenKind.Duration or TokenKind.Add or TokenKind.Sub)
        {
            double ts = ParseSignedNumber();
            if (!double.IsFinite(ts) || ts >= 9.223372036854775807E18 || ts <= -9.223372036854775808E18)
            {
                AddError(e.Position, "timestamp out of bounds for @ modifier: " + GoFloatF6(ts));
            }
            else
            {
                atMs = (long)Math.Round(ts * 1000, MidpointRounding.AwayFromZero);
            }
        }
        else
        {
            throw Unexpected();
        }
        PopContext();

        VectorSelector? vs = null;
        SubqueryExpr? sq = null;
        switch (e)
        {
            case VectorSelector v: vs = v; break;
            case MatrixSelector m: vs = m.Selector; break;
            case SubqueryExpr s: sq = s; break;
            default:
                AddError(e.Position, "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
                return;
        }
        bool already = vs != null ? vs.AtMs != null || vs.StartOrEnd != AtModifier.None : sq!.AtMs != null || sq.StartOrEnd != AtModifier.None;
        if (already)
        {
            AddError(e.Position, "@ <timestamp> may not be set multiple times");
            return;
        }
        if (vs != null)
        {
            vs.AtMs = atMs;
            vs.StartOrEnd = preprocessor;
        }
        else
        {
            sq!.AtMs = atMs;
            sq.StartOrEnd = preprocessor;
        }
        e.Position = new PositionRange(e.Position.Start, _prevEnd);
    }

    // Go's %f: six decimals, +Inf/-Inf/NaN spelled as Go does.
    private static string GoFloatF6(double v) =>
        double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "+Inf" : double.IsNegativeInfinity(v) ? "-Inf"
        : v.ToString("F6", System.Globalization.CultureInfo.InvariantCulture);
}
