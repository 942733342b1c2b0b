using System.Text.RegularExpressions;
using Vigil.Metrics.Model;

namespace Vigil.Metrics.Tests.PromQL.Conformance;

/// <summary>A script syntax error; the message names file and line.</summary>
internal sealed class ScriptException(string message) : Exception(message);

/// <summary>
/// Reads a test script (README sections 1 to 4, upstream <c>promql/promqltest/test.go</c>): lines are trimmed,
/// <c>#</c> lines count as blank, blank lines end blocks, commands are <c>clear</c>, <c>load*</c> and <c>eval*</c>.
/// Expressions are kept as text; they are parsed by the PromQL parser when the case runs.
/// </summary>
internal static partial class ScriptParser
{
    [GeneratedRegex(@"^load(?:_(with_nhcb))?\s+(.+?)$")]
    private static partial Regex LoadHeader();

    [GeneratedRegex(@"^eval(?:_(fail|warn|ordered|info))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$")]
    private static partial Regex EvalInstantHeader();

    [GeneratedRegex(@"^eval(?:_(fail|warn|info))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$")]
    private static partial Regex EvalRangeHeader();

    [GeneratedRegex(@"^expect\s+(ordered|fail|warn|no_warn|info|no_info)(?:\s+(regex|msg):(.+))?$")]
    private static partial Regex ExpectLine();

    [GeneratedRegex(@"^expect range vector\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+)$")]
    private static partial Regex ExpectRangeVector();

    [GeneratedRegex(@"[\t ]+")]
    private static partial Regex Spaces();

    public static ScriptFile Parse(string name, string content)
    {
        var lines = content.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string l = lines[i].Trim();
            lines[i] = l.StartsWith('#') ? "" : l;
        }
        var commands = new List<ScriptCommand>();
        for (int i = 0; i < lines.Length; i++)
        {
            string l = lines[i];
            if (l.Length == 0) continue;
            string word = Spaces().Split(l, 2)[0].ToLowerInvariant();
            try
            {
                if (word == "clear") commands.Add(new ClearCommand(i + 1));
                else if (word.StartsWith("load", StringComparison.Ordinal)) commands.Add(ParseLoad(lines, ref i));
                else if (word.StartsWith("eval", StringComparison.Ordinal)) commands.Add(ParseEval(lines, ref i));
                else throw new FormatException($"invalid command \"{l}\"");
            }
            catch (FormatException e)
            {
                throw new ScriptException($"{name}:{i + 1}: {e.Message}");
            }
        }
        return new ScriptFile(name, commands);
    }

    private static LoadCommand ParseLoad(string[] lines, ref int i)
    {
        var m = LoadHeader().Match(lines[i]);
        if (!m.Success) throw new FormatException("invalid load command. (load[_with_nhcb] <step:duration>)");
        int line = i + 1;
        long step = ParseDuration(m.Groups[2].Value, "step");
        // A later line with the same label set replaces the earlier one (upstream keeps a map).
        var series = new Dictionary<Labels, LoadSeries>();
        var order = new List<Labels>();
        (Labels Metric, List<long?> Offsets)? pendingStartTimes = null;
        List<long?>? defaultStartTimes = null;
        while (i + 1 < lines.Length && lines[i + 1].Length > 0)
        {
            i++;
            string def = lines[i];
            if (IsStartTimestampLine(def))
            {
                if (pendingStartTimes is not null) throw new FormatException("@st line has no following sample line");
                var st = ParseStartTimestampLine(def);
                // A standalone "@st <items>" line is the default for the following sample lines (cycled).
                if (st.Metric.Count == 0) defaultStartTimes = st.Offsets;
                else pendingStartTimes = st;
                continue;
            }
            var (metric, values) = SeriesDescription.Parse(def);
            IReadOnlyList<long?>? startTimes = defaultStartTimes is null ? null : [.. values.Select((_, k) => defaultStartTimes[k % defaultStartTimes.Count])];
            if (pendingStartTimes is { } pending)
            {
                if (!pending.Metric.Equals(metric)) throw new FormatException("@st metric does not match the following sample line metric");
                if (pending.Offsets.Count != values.Count) throw new FormatException($"@st line has {pending.Offsets.Count} values but sample line has {values.Count}");
                startTimes = pending.Offsets;
                pendingStartTimes = null;
            }
            if (!series.ContainsKey(metric)) order.Add(metric);
            series[metric] = new LoadSeries(metric, values, startTimes);
        }
        if (pendingStartTimes is not null) throw new FormatException("@st line has no following sample line");
        return new LoadCommand(line, step, m.Groups[1].Success, [.. order.Select(k => series[k])]);
    }

    /// <summary>README 3.3: the metric part directly followed by <c>@st</c>, before the first space.</summary>
    private static bool IsStartTimestampLine(string def)
    {
        int space = def.IndexOfAny([' ', '\t']);
        return space >= 0 && def.AsSpan(0, space).EndsWith("@st", StringComparison.Ordinal);
    }

    /// <summary>An <c>@st</c> line: its metric (empty for a standalone default line) and its start-time offsets.</summary>
    private static (Labels Metric, List<long?> Offsets) ParseStartTimestampLine(string def)
    {
        int space = def.IndexOfAny([' ', '\t']);
        string metricText = def[..(space - 3)];
        var metric = metricText.Length == 0 ? Labels.Empty : SeriesDescription.Parse(metricText + " _").Metric;
        return (metric, StartTimestampItems.Parse(def[(space + 1)..]));
    }

    private static EvalCommand ParseEval(string[] lines, ref int i)
    {
        string header = lines[i];
        int line = i + 1;
        var instant = EvalInstantHeader().Match(header);
        var range = EvalRangeHeader().Match(header);
        if (!instant.Success && !range.Success)
            throw new FormatException("invalid evaluation command. Must be either 'eval[_fail|_warn|_ordered] instant [at <offset:duration>] <query>' or 'eval[_fail|_warn] range from <from> to <to> step <step> <query>'");
        EvalCommand cmd;
        string mod;
        if (instant.Success)
        {
            mod = instant.Groups[1].Value;
            long at = ParseDuration(instant.Groups[2].Value, "timestamp");
            cmd = new EvalCommand(line, instant.Groups[3].Value)
            {
                IsRange = false,
                PrefixFail = mod == "fail",
                PrefixWarn = mod == "warn",
                PrefixInfo = mod == "info",
                PrefixOrdered = mod == "ordered",
                EvalTimeMs = at,
                StartMs = at,
                // Upstream leaves the end unset (the zero time, before any point), so an instant eval without
                // "expect range vector" cannot expect points of a range vector result.
                EndMs = long.MinValue,
            };
        }
        else
        {
            mod = range.Groups[1].Value;
            long from = ParseDuration(range.Groups[2].Value, "start timestamp");
            long to = ParseDuration(range.Groups[3].Value, "end timestamp");
            if (to < from) throw new FormatException($"invalid test definition, end timestamp ({range.Groups[3].Value}) is before start timestamp ({range.Groups[2].Value})");
            cmd = new EvalCommand(line, range.Groups[5].Value)
            {
                IsRange = true,
                PrefixFail = mod == "fail",
                PrefixWarn = mod == "warn",
                PrefixInfo = mod == "info",
                StartMs = from,
                EndMs = to,
                StepMs = ParseDuration(range.Groups[4].Value, "step"),
            };
        }
        ParseEvalBody(lines, ref i, cmd);
        return cmd;
    }

    private static void ParseEvalBody(string[] lines, ref int i, EvalCommand cmd)
    {
        int position = 0;
        while (i + 1 < lines.Length && lines[i + 1].Length > 0)
        {
            i++;
            string def = lines[i];
            if (cmd.PrefixFail && def.StartsWith("expected_fail_message", StringComparison.Ordinal))
            {
                cmd.ExpectedFailMessage = def["expected_fail_message".Length..].Trim();
                return;
            }
            if (cmd.PrefixFail && def.StartsWith("expected_fail_regexp", StringComparison.Ordinal))
            {
                cmd.ExpectedFailRegex = CompileGoRegex(def["expected_fail_regexp".Length..].Trim());
                return;
            }
            if (def.StartsWith("expect range vector", StringComparison.Ordinal))
            {
                var m = ExpectRangeVector().Match(def);
                if (!m.Success) throw new FormatException($"invalid range vector definition \"{def}\"");
                cmd.StartMs = ParseDuration(m.Groups[1].Value, "start timestamp");
                cmd.EndMs = ParseDuration(m.Groups[2].Value, "end timestamp");
                if (cmd.EndMs < cmd.StartMs) throw new FormatException("invalid test definition, end timestamp is before start timestamp");
                cmd.StepMs = ParseDuration(m.Groups[3].Value, "step");
                cmd.EvalTimeMs = cmd.EndMs;
                cmd.HasExpectRangeVector = true;
                cmd.ExcludeFromRangeQuery = true;
                continue;
            }
            if (def.StartsWith("expect string", StringComparison.Ordinal))
            {
                string arg = def.StartsWith("expect string ", StringComparison.Ordinal) ? def["expect string ".Length..] : "";
                if (arg.Length == 0) throw new FormatException("expected string literal not valid - a quoted string literal is required");
                if (!GoStringLiteral.TryUnquote(arg, out string s)) throw new FormatException("expected string literal not valid - check that the string is correctly quoted");
                cmd.ExpectedString = s;
                cmd.HasExpectString = true;
                cmd.ExcludeFromRangeQuery = true;
                continue;
            }
            // Only "expect" followed by a space is a directive (a metric named expect is written expect{}).
            if (def.Split(' ')[0] == "expect")
            {
                cmd.Expectations.Add(ParseExpectation(def));
                Validate(cmd);
                continue;
            }
            if (FloatText.TryParseScalarLine(def, out double scalar))
            {
                cmd.ExpectScalar = true;
                cmd.ExpectedScalar = scalar;
                return;
            }
            var (metric, values) = SeriesDescription.Parse(def);
            if (values.Count > 1 && !cmd.IsRange && !cmd.HasExpectRangeVector)
                throw new FormatException("expecting multiple values in instant evaluation not allowed. consider using 'expect range vector' directive to enable a range vector result for an instant query");
            position++;
            cmd.ExpectScalar = false;
            cmd.ExpectedSeries[metric] = new ExpectedSeries(metric, position, values);
        }
    }

    private static Expectation ParseExpectation(string def)
    {
        var m = ExpectLine().Match(def.Trim());
        if (!m.Success) throw new FormatException("invalid expect statement, must match `expect <type> <match_type>: <string>` format");
        var kind = m.Groups[1].Value switch
        {
            "ordered" => ExpectKind.Ordered,
            "fail" => ExpectKind.Fail,
            "warn" => ExpectKind.Warn,
            "no_warn" => ExpectKind.NoWarn,
            "info" => ExpectKind.Info,
            _ => ExpectKind.NoInfo,
        };
        if (!m.Groups[2].Success) return new Expectation(kind, null, null);
        string text = m.Groups[3].Value.Trim();
        return m.Groups[2].Value == "msg" ? new Expectation(kind, text, null) : new Expectation(kind, null, CompileGoRegex(text));
    }

    private static void Validate(EvalCommand cmd)
    {
        bool Has(ExpectKind k) => cmd.Expectations.Any(e => e.Kind == k);
        if (Has(ExpectKind.Info) && Has(ExpectKind.NoInfo)) throw new FormatException("invalid expect lines, info and no_info cannot be used together");
        if (Has(ExpectKind.Warn) && Has(ExpectKind.NoWarn)) throw new FormatException("invalid expect lines, warn and no_warn cannot be used together");
        if (cmd.Expectations.Count(e => e.Kind == ExpectKind.Fail) > 1) throw new FormatException("invalid expect lines, multiple expect fail lines are not allowed");
    }

    /// <summary>RE2 patterns of the files run unchanged on .NET's engine; invariant culture, no backtracking surprises at this size.</summary>
    private static Regex CompileGoRegex(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"invalid regex {pattern}: {e.Message}");
        }
    }

    /// <summary>README 7: Prometheus durations from epoch 0, in ms.</summary>
    internal static long ParseDuration(string text, string what)
    {
        if (!Vigil.Core.Text.Duration.TryParse(text, out var d)) throw new FormatException($"invalid {what} definition \"{text}\"");
        return (long)d.TotalMilliseconds;
    }
}
