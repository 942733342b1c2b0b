using Vigil.Metrics.GoText;
using Vigil.Metrics.Model;

namespace Vigil.Metrics.Scrape.Parsing;

/// <summary>
/// Parser of the Prometheus text format, versions 0.0.4 and 1.0.0 (quoted UTF-8 names inside the
/// braces, <c>{"my.metric","a.b"="x"} 1</c>). Follows Prometheus 3's <c>model/textparse/promparse.go</c>:
/// the same grammar and error texts. See docs/formats/exposition.md for where Vigil differs.
/// </summary>
internal sealed class PromTextParser : TextExpositionParser
{
    private PromTextLexer _l;

    public PromTextParser(byte[] body, int length) : base(body, length, "text format")
    {
        _l = new PromTextLexer(body, length);
    }

    protected override byte LexByteAt(int i) => _l.At(i);

    protected override int LexLength => _l.Length;

    protected override ExpositionEntry Advance()
    {
        while (true)
        {
            EntryStart = _l.I;
            Offsets.Clear();
            var t = NextToken();
            switch (t)
            {
                case LexToken.Eof:
                    return ExpositionEntry.Eof;
                case LexToken.Linebreak:
                    continue;
                case LexToken.Help:
                case LexToken.Type:
                    return Metadata(t);
                case LexToken.Comment:
                    SetComment(_l.Start, _l.I);
                    t = NextToken();
                    if (t != LexToken.Linebreak) throw ParseError("linebreak expected after comment", t);
                    return ExpositionEntry.Comment;
                case LexToken.BraceOpen:
                    // The name comes inside the braces as a quoted string (text 1.0.0).
                    SeriesStart = _l.Start;
                    Offsets.Add(-1, -1);
                    LabelBlock();
                    SeriesEnd = _l.I;
                    return Sample(NextToken());
                case LexToken.MName:
                    SeriesStart = _l.Start;
                    Offsets.Add(_l.Start, _l.I);
                    SeriesEnd = _l.I;
                    t = NextToken();
                    if (t == LexToken.BraceOpen)
                    {
                        LabelBlock();
                        SeriesEnd = _l.I;
                        t = NextToken();
                    }
                    return Sample(t);
                default:
                    throw ParseError("expected a valid start token", t);
            }
        }
    }

    private LexToken NextToken()
    {
        LexToken t;
        do t = _l.Lex(); while (t == LexToken.Whitespace);
        return t;
    }

    private ExpositionFormatException ParseError(string expected, LexToken got) => ParseError(expected, got, _l.Start, _l.I);

    private ExpositionEntry Metadata(LexToken kind)
    {
        var t = NextToken();
        if (t != LexToken.MName) throw ParseError("expected metric name after " + kind.Name(), t);
        int nameStart = _l.Start, nameEnd = _l.I;
        if (Body[nameStart] == '"' && Body[nameEnd - 1] == '"')
        {
            nameStart++;
            nameEnd--;
        }
        t = NextToken();
        if (t != LexToken.Text) throw Error($"expected text in {kind.Name()}, got {t.Name()}");
        // The token starts with the blank after the name, which is not part of the text.
        int textStart = _l.I - _l.Start > 1 ? _l.Start + 1 : _l.I;
        int textEnd = _l.I;
        var text = Slice(textStart, textEnd);
        var type = MetricType.Unknown;
        string help = "";
        if (kind == LexToken.Type)
        {
            type = ParseType(text);
            LastType = type;
        }
        else
        {
            if (!LabelText.IsValidUtf8(text)) throw Error($"help text {GoQuote.Quote(text)} is not a valid utf8 string");
            help = DecodeText(textStart, textEnd, quotes: false);
        }
        t = NextToken();
        if (t != LexToken.Linebreak) throw ParseError("linebreak expected after metadata", t);
        SetMetadata(nameStart, nameEnd, type, help, "");
        return kind == LexToken.Type ? ExpositionEntry.Type : ExpositionEntry.Help;
    }

    private MetricType ParseType(ReadOnlySpan<byte> text)
    {
        if (text.SequenceEqual("counter"u8)) return MetricType.Counter;
        if (text.SequenceEqual("gauge"u8)) return MetricType.Gauge;
        if (text.SequenceEqual("histogram"u8)) return MetricType.Histogram;
        if (text.SequenceEqual("summary"u8)) return MetricType.Summary;
        if (text.SequenceEqual("untyped"u8)) return MetricType.Unknown;
        throw Error($"invalid metric type {GoQuote.Quote(text)}");
    }

    /// <summary>Upstream <c>parseLVals</c>: the inside of <c>{...}</c>, after the opening brace.</summary>
    private void LabelBlock()
    {
        var t = NextToken();
        while (true)
        {
            int tokenStart = _l.Start, tokenEnd = _l.I;
            bool quoted;
            if (t == LexToken.BraceClose) return;
            if (t == LexToken.LName) quoted = false;
            else if (t == LexToken.QString) quoted = true;
            else throw ParseError("expected label name", t);

            t = NextToken();
            if (quoted && t is LexToken.Comma or LexToken.BraceClose)
            {
                // A quoted string alone is the metric name.
                if (Offsets[0] != -1 || Offsets[1] != -1)
                {
                    throw Error($"metric name already set while parsing: {Quoted(EntryStart, _l.I)}");
                }
                CheckName(tokenStart + 1, tokenEnd - 1, "metric name");
                Offsets.Set(0, tokenStart + 1);
                Offsets.Set(1, tokenEnd - 1);
                if (t == LexToken.BraceClose) return;
                t = NextToken();
                continue;
            }
            if (quoted)
            {
                tokenStart++;
                tokenEnd--;
                CheckName(tokenStart, tokenEnd, "label name");
                if (tokenStart == tokenEnd) throw Error($"empty label name while parsing: {Quoted(EntryStart, _l.I)}");
            }
            Offsets.Add(tokenStart, tokenEnd);
            if (t != LexToken.Equal) throw ParseError("expected equal", t);
            t = NextToken();
            if (t != LexToken.LValue) throw ParseError("expected label value", t);
            var value = Slice(_l.Start, _l.I);
            if (!LabelText.IsValidUtf8(value)) throw Error($"invalid UTF-8 label value: {GoQuote.Quote(value)}");
            Offsets.Add(_l.Start + 1, _l.I - 1);
            // A trailing comma is fine; so (as upstream) is no comma at all between pairs.
            t = NextToken();
            if (t == LexToken.Comma) t = NextToken();
        }
    }

    /// <summary>Upstream <c>parseMetricSuffix</c>: value, optional timestamp, end of line.</summary>
    private ExpositionEntry Sample(LexToken t)
    {
        if (Offsets[0] == -1) throw Error($"metric name not set while parsing: {Quoted(EntryStart, _l.I)}");
        if (Offsets[0] == Offsets[1]) throw Error("missing metric name (__name__ label)");
        if (t != LexToken.Value) throw ParseError("expected value after metric", t);
        string? error = GoFloat.TryParseSampleValue(Slice(_l.Start, _l.I), out SampleValue);
        if (error is not null) throw Error($"{error} while parsing: {Quoted(EntryStart, _l.I)}");
        SampleTimestamp = null;
        t = NextToken();
        if (t == LexToken.Timestamp)
        {
            error = GoFloat.TryParseTimestamp(Slice(_l.Start, _l.I), out long ts);
            if (error is not null) throw Error($"{error} while parsing: {Quoted(EntryStart, _l.I)}");
            SampleTimestamp = ts;
            t = NextToken();
            if (t != LexToken.Linebreak) throw ParseError("expected next entry after timestamp", t);
        }
        else if (t != LexToken.Linebreak)
        {
            throw ParseError("expected timestamp or new record", t);
        }
        return ExpositionEntry.Series;
    }
}
