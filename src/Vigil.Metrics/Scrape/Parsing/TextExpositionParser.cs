using Vigil.Metrics.GoText;
using Vigil.Metrics.Model;

namespace Vigil.Metrics.Scrape.Parsing;

/// <summary>
/// What the Prometheus-text and OpenMetrics parsers share: the current entry (offsets of the name and
/// labels into the body, value, timestamp, metadata, exemplar), label decoding for
/// <see cref="GetLabels"/>, and errors in Prometheus's wording with a line number. Offsets point into
/// the body, so nothing is copied or decoded for a sample unless its labels are asked for.
/// </summary>
internal abstract class TextExpositionParser : ExpositionParser
{
    private static readonly string[] s_noNames = [];

    protected readonly byte[] Body;
    protected readonly int BodyLength;
    private readonly string _formatName;
    private readonly LabelText _text = new();

    /// <summary>Where the current entry (line) starts: upstream's <c>p.start</c>.</summary>
    protected int EntryStart;

    /// <summary>[0],[1]: metric name (-1 until known); then name/value start/end pairs per label.</summary>
    protected OffsetList Offsets = new(16);

    /// <summary>The exemplar's label name/value pairs.</summary>
    protected OffsetList ExemplarOffsets = new(8);

    protected int SeriesStart;
    protected int SeriesEnd;
    protected double SampleValue;
    protected long? SampleTimestamp;
    protected bool HasExemplar;
    protected double ExemplarValue;
    protected long? ExemplarTimestamp;

    /// <summary>Type of the last TYPE line, whichever family (decides <c>le</c>/<c>quantile</c> normalisation).</summary>
    protected MetricType LastType;

    private string _family = "";
    private MetricType _entryType;
    private string _help = "";
    private string _unit = "";
    private int _commentStart;
    private int _commentEnd;
    private string[] _names = s_noNames;
    private LabelsBuilder? _exemplarBuilder;
    private ExpositionFormatException? _failure;

    protected TextExpositionParser(byte[] body, int length, string formatName)
    {
        Body = body;
        BodyLength = length;
        _formatName = formatName;
    }

    public sealed override ExpositionEntry Next()
    {
        if (_failure is not null) throw _failure;
        try
        {
            return Advance();
        }
        catch (ExpositionFormatException e)
        {
            // A broken body stays broken: later calls repeat the error instead of reading on mid-line.
            _failure = e;
            throw;
        }
    }

    /// <summary>The format's own <see cref="Next"/>.</summary>
    protected abstract ExpositionEntry Advance();

    /// <summary>The lexer's view of byte i (the text format sees one extra trailing newline).</summary>
    protected abstract byte LexByteAt(int i);

    /// <summary>Length as the lexer sees it.</summary>
    protected abstract int LexLength { get; }

    public override ReadOnlySpan<byte> SeriesKey => Body.AsSpan(SeriesStart, SeriesEnd - SeriesStart);
    public override double Value => SampleValue;
    public override long? TimestampMs => SampleTimestamp;
    public override string MetricFamily => _family;
    public override MetricType Type => _entryType;
    public override string Help => _help;
    public override string Unit => _unit;
    public override string Comment => System.Text.Encoding.UTF8.GetString(Body, _commentStart, _commentEnd - _commentStart);

    protected void SetMetadata(int nameStart, int nameEnd, MetricType type, string help, string unit)
    {
        _family = _text.Name(Body.AsSpan(nameStart, nameEnd - nameStart));
        _entryType = type;
        _help = help;
        _unit = unit;
    }

    protected string DecodeText(int start, int end, bool quotes) => _text.Text(Body.AsSpan(start, end - start), quotes);

    protected void SetComment(int start, int end)
    {
        _commentStart = start;
        _commentEnd = end;
    }

    public override void GetLabels(LabelsBuilder into)
    {
        int pairs = (Offsets.Count - 2) / 4;
        if (_names.Length < pairs + 1) _names = new string[Math.Max(8, (pairs + 1) * 2)];
        string name = _text.Name(Slice(Offsets[0], Offsets[1]));
        _names[0] = Labels.MetricName;
        if (name.Length > 0) into.Set(Labels.MetricName, name);
        for (int p = 0; p < pairs; p++)
        {
            int i = 2 + p * 4;
            string label = _text.Name(Slice(Offsets[i], Offsets[i + 1]));
            _names[p + 1] = label;
            var raw = Slice(Offsets[i + 2], Offsets[i + 3]);
            if (raw.IsEmpty) continue;
            string value = ShouldNormalise(label) ? NormalisedFloat(raw) : _text.Value(raw);
            into.Set(label, value);
        }
        string? duplicate = FindDuplicate(_names.AsSpan(0, pairs + 1));
        if (duplicate is not null)
        {
            // Prometheus's head refuses such a series and the scrape fails (tsdb/head_append.go).
            throw _failure = Error($"label name {GoQuote.Quote(duplicate)} is not unique: invalid sample");
        }
    }

    public override bool TryGetExemplar(out ScrapedExemplar exemplar)
    {
        if (!HasExemplar)
        {
            exemplar = default;
            return false;
        }
        HasExemplar = false;
        var builder = _exemplarBuilder ??= new LabelsBuilder();
        builder.Reset();
        for (int i = 0; i < ExemplarOffsets.Count; i += 4)
        {
            string label = _text.Name(Slice(ExemplarOffsets[i], ExemplarOffsets[i + 1]));
            var raw = Slice(ExemplarOffsets[i + 2], ExemplarOffsets[i + 3]);
            if (!raw.IsEmpty) builder.Set(label, _text.Value(raw));
        }
        exemplar = new ScrapedExemplar(builder.Build(), ExemplarValue, ExemplarTimestamp);
        return true;
    }

    protected ReadOnlySpan<byte> Slice(int start, int end) => Body.AsSpan(start, end - start);

    private bool ShouldNormalise(string label) =>
        (LastType == MetricType.Histogram && label == "le") || (LastType == MetricType.Summary && label == "quantile");

    // model/textparse normalizeFloatsInLabelValues: le="1" and le="1.0" are one series in Prometheus 3.
    private string NormalisedFloat(ReadOnlySpan<byte> raw)
    {
        var unescaped = _text.Unescape(raw, quotes: true);
        return GoFloat.TryParse(unescaped, out double f) == ParseStatus.Ok ? GoFloat.FormatOpenMetrics(f) : _text.Value(raw);
    }

    private static string? FindDuplicate(ReadOnlySpan<string> names)
    {
        if (names.Length <= 32)
        {
            for (int i = 1; i < names.Length; i++)
            {
                for (int j = 0; j < i; j++)
                {
                    if (string.Equals(names[i], names[j], StringComparison.Ordinal)) return names[i];
                }
            }
            return null;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            if (!seen.Add(name)) return name;
        }
        return null;
    }

    // ---- errors ----

    protected ExpositionFormatException Error(string detail)
    {
        int at = Math.Min(EntryStart, BodyLength);
        int line = 1 + Body.AsSpan(0, at).Count((byte)'\n');
        return new ExpositionFormatException(_formatName, line, detail);
    }

    /// <summary>Upstream's <c>parseError</c>: the bad token (plus one byte) and the line so far, Go-quoted.</summary>
    protected ExpositionFormatException ParseError(string expected, LexToken got, int tokenStart, int position)
    {
        int end = Math.Min(LexLength, position + 1);
        return Error($"{expected}, got {Quoted(tokenStart, end)} ({GoQuote.Quote(got.Name())}) while parsing: {Quoted(EntryStart, end)}");
    }

    /// <summary>Go's %q of the lexer's bytes [start, end).</summary>
    protected string Quoted(int start, int end)
    {
        if (end <= start) return "\"\"";
        if (end <= BodyLength) return GoQuote.Quote(Body.AsSpan(start, end - start));
        var copy = new byte[end - start];
        for (int i = start; i < end; i++) copy[i - start] = LexByteAt(i);
        return GoQuote.Quote(copy);
    }

    /// <summary>Rejects a quoted name that is not UTF-8 (Prometheus would refuse the series later).</summary>
    protected void CheckName(int start, int end, string what)
    {
        var bytes = Slice(start, end);
        if (!LabelText.IsValidUtf8(bytes)) throw Error($"invalid UTF-8 {what}: {GoQuote.Quote(bytes)}");
    }
}
