using Vigil.Metrics.GoText;
using Vigil.Metrics.Model;

namespace Vigil.Metrics.Scrape.Parsing;

/// <summary>
/// Parser of OpenMetrics 1.0 text (<c>application/openmetrics-text</c>), following Prometheus 3's
/// <c>model/textparse/openmetricsparse.go</c>: <c># EOF</c> required and nothing after it, UNIT must be
/// the name's suffix, timestamps in float seconds (converted to ms by truncation, as upstream),
/// exemplars after <c> # </c>. Like Prometheus it does not police family grouping, suffixes per type
/// or duplicate metadata. <c>_created</c> samples of counters, summaries and histograms are ordinary
/// series unless <see cref="ExpositionParserOptions.SkipOpenMetricsCreatedSeries"/> is set (Prometheus
/// skips them only with the created-timestamp-zero-ingestion feature).
/// </summary>
internal sealed class OpenMetricsParser : TextExpositionParser
{
    private readonly bool _skipCreated;
    private OpenMetricsLexer _l;
    private bool _done;

    public OpenMetricsParser(byte[] body, int length, bool skipCreatedSeries) : base(body, length, "openmetrics format")
    {
        _l = new OpenMetricsLexer(body, length);
        _skipCreated = skipCreatedSeries;
    }

    protected override byte LexByteAt(int i) => _l.At(i);

    protected override int LexLength => _l.Length;

    protected override ExpositionEntry Advance()
    {
        if (_done) return ExpositionEntry.Eof;
        while (true)
        {
            EntryStart = _l.I;
            Offsets.Clear();
            ExemplarOffsets.Clear();
            HasExemplar = false;
            var t = _l.Lex();
            switch (t)
            {
                case LexToken.EofWord:
                    if (_l.Lex() != LexToken.Eof) throw Error("unexpected data after # EOF");
                    _done = true;
                    return ExpositionEntry.Eof;
                case LexToken.Eof:
                    throw Error("data does not end with # EOF");
                case LexToken.Help:
                case LexToken.Type:
                case LexToken.Unit:
                    return Metadata(t);
                case LexToken.BraceOpen:
                    SeriesStart = _l.Start;
                    Offsets.Add(-1, -1);
                    LabelBlock(exemplar: false);
                    SeriesEnd = _l.I;
                    EndOfSample(_l.Lex());
                    break;
                case LexToken.MName:
                    SeriesStart = _l.Start;
                    Offsets.Add(_l.Start, _l.I);
                    SeriesEnd = _l.I;
                    t = _l.Lex();
                    if (t == LexToken.BraceOpen)
                    {
                        LabelBlock(exemplar: false);
                        SeriesEnd = _l.I;
                        t = _l.Lex();
                    }
                    EndOfSample(t);
                    break;
                default:
                    throw ParseError("expected a valid start token", t);
            }
            if (_skipCreated && IsCreatedSeries()) continue;
            return ExpositionEntry.Series;
        }
    }

    private ExpositionFormatException ParseError(string expected, LexToken got) => ParseError(expected, got, _l.Start, _l.I);

    private ExpositionEntry Metadata(LexToken kind)
    {
        var t = _l.Lex();
        if (t != LexToken.MName) throw ParseError("expected metric name after " + kind.Name(), t);
        int nameStart = _l.Start, nameEnd = _l.I;
        if (Body[nameStart] == '"' && Body[nameEnd - 1] == '"')
        {
            nameStart++;
            nameEnd--;
        }
        t = _l.Lex();
        if (t != LexToken.Text) throw Error($"expected text in {kind.Name()}");
        // " text\n": without the leading space and the newline.
        int textStart = _l.Start + 1, textEnd = _l.I - 1;
        var text = Slice(textStart, textEnd);
        switch (kind)
        {
            case LexToken.Type:
                LastType = ParseType(text);
                SetMetadata(nameStart, nameEnd, LastType, "", "");
                return ExpositionEntry.Type;
            case LexToken.Help:
                if (!LabelText.IsValidUtf8(text)) throw Error($"help text {GoQuote.Quote(text)} is not a valid utf8 string");
                SetMetadata(nameStart, nameEnd, MetricType.Unknown, DecodeText(textStart, textEnd, quotes: true), "");
                return ExpositionEntry.Help;
            default:
                var name = Slice(nameStart, nameEnd);
                if (!text.IsEmpty && (!name.EndsWith(text) || name.Length < text.Length + 1 || name[^(text.Length + 1)] != '_'))
                {
                    throw Error($"unit {GoQuote.Quote(text)} not a suffix of metric {GoQuote.Quote(name)}");
                }
                if (!LabelText.IsValidUtf8(text)) throw Error($"unit {GoQuote.Quote(text)} is not a valid utf8 string");
                SetMetadata(nameStart, nameEnd, MetricType.Unknown, "", DecodeText(textStart, textEnd, quotes: false));
                return ExpositionEntry.Unit;
        }
    }

    private MetricType ParseType(ReadOnlySpan<byte> text)
    {
        if (text.SequenceEqual("counter"u8)) return MetricType.Counter;
        if (text.SequenceEqual("gauge"u8)) return MetricType.Gauge;
        if (text.SequenceEqual("histogram"u8)) return MetricType.Histogram;
        if (text.SequenceEqual("gaugehistogram"u8)) return MetricType.GaugeHistogram;
        if (text.SequenceEqual("summary"u8)) return MetricType.Summary;
        if (text.SequenceEqual("info"u8)) return MetricType.Info;
        if (text.SequenceEqual("stateset"u8)) return MetricType.StateSet;
        if (text.SequenceEqual("unknown"u8)) return MetricType.Unknown;
        throw Error($"invalid metric type {GoQuote.Quote(text)}");
    }

    /// <summary>Upstream <c>parseLVals</c> for a sample's or an exemplar's <c>{...}</c>, after the brace.</summary>
    private void LabelBlock(bool exemplar)
    {
        var t = _l.Lex();
        while (true)
        {
            int tokenStart = _l.Start, tokenEnd = _l.I;
            bool quoted;
            if (t == LexToken.BraceClose) return;
            if (t == LexToken.LName) quoted = false;
            else if (t == LexToken.QString) quoted = true;
            else throw ParseError("expected label name", t);

            t = _l.Lex();
            if (t is LexToken.Comma or LexToken.BraceClose)
            {
                if (exemplar) throw ParseError("expected label name", t);
                // Upstream takes a bare name here too (and cuts its ends off); only a quoted one is a name.
                if (!quoted) throw ParseError("expected equal", t);
                if (Offsets[0] != -1 || Offsets[1] != -1)
                {
                    throw Error($"metric name already set while parsing: {Quoted(EntryStart, _l.I)}");
                }
                CheckName(tokenStart + 1, tokenEnd - 1, "metric name");
                Offsets.Set(0, tokenStart + 1);
                Offsets.Set(1, tokenEnd - 1);
                if (t == LexToken.BraceClose) return;
                t = _l.Lex();
                continue;
            }
            if (quoted)
            {
                tokenStart++;
                tokenEnd--;
                CheckName(tokenStart, tokenEnd, "label name");
                if (tokenStart == tokenEnd) throw Error($"empty label name while parsing: {Quoted(EntryStart, _l.I)}");
            }
            if (exemplar) ExemplarOffsets.Add(tokenStart, tokenEnd);
            else Offsets.Add(tokenStart, tokenEnd);
            if (t != LexToken.Equal) throw ParseError("expected equal", t);
            t = _l.Lex();
            if (t != LexToken.LValue) throw ParseError("expected label value", t);
            var value = Slice(_l.Start, _l.I);
            if (!LabelText.IsValidUtf8(value)) throw Error($"invalid UTF-8 label value: {GoQuote.Quote(value)}");
            if (exemplar) ExemplarOffsets.Add(_l.Start + 1, _l.I - 1);
            else Offsets.Add(_l.Start + 1, _l.I - 1);
            t = _l.Lex();
            if (t == LexToken.Comma) t = _l.Lex();
            else if (t != LexToken.BraceClose) throw ParseError("expected comma or brace close", t);
        }
    }

    /// <summary>Upstream <c>parseSeriesEndOfLine</c>: value, optional timestamp, optional exemplar.</summary>
    private void EndOfSample(LexToken t)
    {
        if (Offsets[0] == -1) throw Error($"metric name not set while parsing: {Quoted(EntryStart, _l.I)}");
        if (Offsets[0] == Offsets[1]) throw Error("missing metric name (__name__ label)");
        SampleValue = FloatToken(t, "metric");
        SampleTimestamp = null;
        t = _l.Lex();
        switch (t)
        {
            case LexToken.Eof:
                throw Error("data does not end with # EOF");
            case LexToken.Linebreak:
                return;
            case LexToken.Comment:
                Exemplar();
                return;
            case LexToken.Timestamp:
                SampleTimestamp = TimestampToken("invalid timestamp");
                t = _l.Lex();
                if (t == LexToken.Comment) Exemplar();
                else if (t != LexToken.Linebreak) throw ParseError("expected next entry after timestamp", t);
                return;
            default:
                throw ParseError("expected timestamp or comment", t);
        }
    }

    /// <summary>Upstream <c>parseComment</c>: <c># {labels} value [timestamp]</c> after the sample.</summary>
    private void Exemplar()
    {
        LabelBlock(exemplar: true);
        ExemplarValue = FloatToken(_l.Lex(), "exemplar labels");
        ExemplarTimestamp = null;
        var t = _l.Lex();
        switch (t)
        {
            case LexToken.Eof:
                throw Error("data does not end with # EOF");
            case LexToken.Linebreak:
                break;
            case LexToken.Timestamp:
                ExemplarTimestamp = TimestampToken("invalid exemplar timestamp");
                t = _l.Lex();
                if (t != LexToken.Linebreak) throw ParseError("expected next entry after exemplar timestamp", t);
                break;
            default:
                throw ParseError("expected timestamp or comment", t);
        }
        HasExemplar = true;
    }

    private double FloatToken(LexToken t, string after)
    {
        if (t != LexToken.Value) throw ParseError("expected value after " + after, t);
        // Value tokens keep their leading space.
        string? error = GoFloat.TryParseSampleValue(Slice(_l.Start + 1, _l.I), out double value);
        if (error is not null) throw Error($"{error} while parsing: {Quoted(EntryStart, _l.I)}");
        return value;
    }

    private long TimestampToken(string invalid)
    {
        string? error = GoFloat.TryParseSampleValue(Slice(_l.Start + 1, _l.I), out double seconds);
        if (error is not null) throw Error($"{error} while parsing: {Quoted(EntryStart, _l.I)}");
        if (double.IsNaN(seconds)) throw Error(invalid + " NaN");
        if (double.IsInfinity(seconds)) throw Error(invalid + (seconds > 0 ? " +Inf" : " -Inf"));
        return SecondsToMilliseconds(seconds);
    }

    /// <summary>Go's <c>int64(ts * 1000)</c>: truncation; out of range gives math.MinInt64 as on amd64.</summary>
    internal static long SecondsToMilliseconds(double seconds)
    {
        double ms = seconds * 1000.0;
        return ms is >= 9.2233720368547758E18 or < -9.2233720368547758E18 ? long.MinValue : (long)ms;
    }

    // Counters, summaries and histograms carry _created samples (Prometheus typeRequiresCT).
    private bool IsCreatedSeries() =>
        LastType is MetricType.Counter or MetricType.Summary or MetricType.Histogram
        && Slice(Offsets[0], Offsets[1]).EndsWith("_created"u8);
}
