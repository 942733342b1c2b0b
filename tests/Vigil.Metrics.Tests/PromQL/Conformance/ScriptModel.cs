using System.Text.RegularExpressions;
using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.Tests.PromQL.Conformance;

/// <summary>
/// One expanded slot of a series line (upstream <c>parser.SequenceValue</c>): a float (the stale marker included),
/// a native histogram, or an omitted slot (<c>_</c>).
/// </summary>
internal readonly record struct SequenceValue(double Value, FloatHistogram? Histogram = null, bool Omitted = false, bool CounterResetHintSet = false)
{
    public static SequenceValue Gap => new(0, Omitted: true);

    public override string ToString() =>
        Omitted ? "_" : Histogram is not null ? HistogramText.Format(Histogram) : StaleNaN.Is(Value) ? "stale" : FloatText.Format(Value);
}

/// <summary>A parsed script file: its commands in file order.</summary>
internal sealed record ScriptFile(string Name, IReadOnlyList<ScriptCommand> Commands);

/// <summary>A command of the script language (README sections 2 to 4). <see cref="Line"/> is 1-based.</summary>
internal abstract class ScriptCommand(int line)
{
    public int Line { get; } = line;
}

internal sealed class ClearCommand(int line) : ScriptCommand(line);

/// <summary>
/// One series of a load block; a later line with the same label set replaces an earlier one.
/// <see cref="StartOffsets"/> (from <c>@st</c> lines) has one entry per slot: start time minus sample time in ms, or null.
/// </summary>
internal sealed record LoadSeries(Labels Metric, IReadOnlyList<SequenceValue> Values, IReadOnlyList<long?>? StartOffsets = null)
{
    public bool HasStartTimestamps => StartOffsets is not null;
}

/// <summary><c>load &lt;step&gt;</c> or <c>load_with_nhcb &lt;step&gt;</c>: slot i of each series is at i * step ms.</summary>
internal sealed class LoadCommand(int line, long stepMs, bool withNhcb, IReadOnlyList<LoadSeries> series) : ScriptCommand(line)
{
    public long StepMs { get; } = stepMs;
    public bool WithNhcb { get; } = withNhcb;
    public IReadOnlyList<LoadSeries> Series { get; } = series;

    public bool HasStartTimestamps => Series.Any(static s => s.HasStartTimestamps);
}

internal enum ExpectKind : byte
{
    Ordered,
    Fail,
    Warn,
    NoWarn,
    Info,
    NoInfo,
}

/// <summary>An <c>expect &lt;kind&gt;</c> line; with neither message nor regex it matches any text.</summary>
internal sealed record Expectation(ExpectKind Kind, string? Message, Regex? Pattern)
{
    public bool Matches(string text) => Message is not null ? Message == text : Pattern is null || Pattern.IsMatch(text);

    public override string ToString() => Message is not null ? $"msg {Message}" : Pattern is not null ? $"regex {Pattern}" : "any";
}

/// <summary>An expected series: its position among the series lines (1-based, for ordered checks) and its items.</summary>
internal sealed record ExpectedSeries(Labels Metric, int Position, IReadOnlyList<SequenceValue> Values);

/// <summary>
/// An <c>eval instant</c> or <c>eval range</c> command with its expectations. For an instant eval with
/// <c>expect range vector</c>, Start/End/Step describe that grid and <see cref="EvalTimeMs"/> is its end.
/// </summary>
internal sealed class EvalCommand(int line, string expr) : ScriptCommand(line)
{
    public string Expr { get; } = expr;
    public bool IsRange { get; init; }
    public long EvalTimeMs { get; set; }
    public long StartMs { get; set; }
    public long EndMs { get; set; }
    public long StepMs { get; set; }

    /// <summary>Deprecated prefixes: <c>eval_fail</c>, <c>eval_warn</c>, <c>eval_info</c>, <c>eval_ordered</c>.</summary>
    public bool PrefixFail { get; init; }
    public bool PrefixWarn { get; init; }
    public bool PrefixInfo { get; init; }
    public bool PrefixOrdered { get; init; }

    public string? ExpectedFailMessage { get; set; }
    public Regex? ExpectedFailRegex { get; set; }
    public List<Expectation> Expectations { get; } = [];

    public bool ExpectScalar { get; set; }
    public double ExpectedScalar { get; set; }

    /// <summary>Expected series by label set, in the order of their lines.</summary>
    public Dictionary<Labels, ExpectedSeries> ExpectedSeries { get; } = [];
    public string ExpectedString { get; set; } = "";
    public bool HasExpectRangeVector { get; set; }
    public bool HasExpectString { get; set; }

    /// <summary>Instant evals that are not re-run as range queries (<c>expect range vector</c>, <c>expect string</c>).</summary>
    public bool ExcludeFromRangeQuery { get; set; }

    public bool IsOrdered => PrefixOrdered || Expectations.Any(static e => e.Kind == ExpectKind.Ordered);
    public bool IsFail => PrefixFail || Expectations.Any(static e => e.Kind == ExpectKind.Fail);

    public IEnumerable<Expectation> OfKind(ExpectKind kind) => Expectations.Where(e => e.Kind == kind);

    /// <summary>True when an expected value (series item or nothing else) is a native histogram literal.</summary>
    public bool ExpectsHistogram => ExpectedSeries.Values.Any(static s => s.Values.Any(static v => v.Histogram is not null));
}
