using System.Text;
using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Values;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.PromQL.Functions;

/// <summary>
/// info(v [, {data label selector}]) (experimental): adds the data labels of info series (target_info by default,
/// or those the selector's <c>__name__</c> matchers pick) to each input series whose identifying labels
/// (<c>instance</c>, <c>job</c>) match, as upstream promql/info.go. Info series are read from
/// <see cref="EvalNodeHelper.Querier"/> once per node (again only when new identifying values appear) and looked
/// up per step within the lookback delta. Input series that are themselves info series pass through unchanged.
/// </summary>
internal static class InfoFunction
{
    private const string TargetInfo = "target_info";
    private static readonly string[] IdentifyingLabels = ["instance", "job"];

    public static void Register(Dictionary<string, FunctionCall> registry) => registry["info"] = Info;

    /// <summary>An info series with its float samples over the selection range.</summary>
    private sealed record InfoSeries(Labels Metric, string Name, (string, string, string) Signature, FPoint[] Samples);

    private sealed class State
    {
        public required List<Matcher> InfoNameMatchers;
        public bool HasPositiveNameMatcher => InfoNameMatchers.Exists(static m => m.Type is MatcherType.Equal or MatcherType.Regex);
        /// <summary>Data label matchers by label name, <c>__name__</c> excluded (it picks info metrics, it is not a data label).</summary>
        public required Dictionary<string, List<Matcher>> DataLabelMatchers;
        public required List<Matcher> SelectMatchers;
        public readonly SortedDictionary<string, SortedSet<string>> IdValues = new(StringComparer.Ordinal);
        public string? SelectedFor;
        public List<InfoSeries> Series = [];
        public readonly HashSet<string> InfoNames = new(StringComparer.Ordinal);
        public readonly Dictionary<(string Name, string Instance, string Job), (InfoSeries Series, long T)> BySignature = [];
        public readonly LabelsBuilder Builder = new();
    }

    private static void Info(IReadOnlyList<Vector> vectorArgs, Matrix _, IReadOnlyList<Expr> args, EvalNodeHelper helper, Annotations annotations)
    {
        var state = helper.FunctionState as State ?? (State)(helper.FunctionState = CreateState(args));
        var input = FunctionArgs.Vector(vectorArgs, args, 0);
        if (input.Count == 0) return;

        bool newValues = false;
        foreach (var s in input)
        {
            if (IsIgnored(state, s.Metric)) continue;
            foreach (var l in IdentifyingLabels)
            {
                string v = s.Metric.Get(l);
                if (v.Length == 0) continue;
                if (!state.IdValues.TryGetValue(l, out var set)) state.IdValues[l] = set = new SortedSet<string>(StringComparer.Ordinal);
                newValues |= set.Add(v);
            }
        }
        if (newValues || state.SelectedFor is null) Select(state, args, helper);
        CollectStep(state, helper, ReferenceTime(args[0], helper.Timestamp));

        foreach (var bs in input)
        {
            if (IsIgnored(state, bs.Metric))
            {
                helper.Output.Add(bs);
                continue;
            }
            state.Builder.Reset();
            bool matched = false;
            foreach (var infoName in state.InfoNames)
            {
                if (!state.BySignature.TryGetValue(Signature(infoName, bs.Metric), out var hit)) continue;
                matched = true;
                foreach (var l in hit.Series.Metric.AsSpan())
                {
                    if (l.Name == Labels.MetricName) continue;
                    if (state.DataLabelMatchers.Count > 0 && !state.DataLabelMatchers.ContainsKey(l.Name)) continue;
                    string existing = state.Builder.Get(l.Name);
                    if (existing.Length > 0 && existing != l.Value) throw new FunctionEvalException("conflicting label: " + l.Name);
                    if (bs.Metric.Has(l.Name)) continue;
                    state.Builder.Set(l.Name, l.Value);
                }
            }
            // Without a matching info series the series is dropped when some data label matcher needs a value.
            if (!matched && !AllMatchEmpty(state)) continue;
            if (state.Builder.Count == 0)
            {
                helper.Output.Add(bs);
                continue;
            }
            var infoLabels = state.Builder.Current.ToArray();
            state.Builder.Reset(bs.Metric);
            foreach (var l in infoLabels) state.Builder.Set(l.Name, l.Value);
            var output = bs;
            output.Metric = state.Builder.Build();
            helper.Output.Add(output);
        }
    }

    private static State CreateState(IReadOnlyList<Expr> args)
    {
        var nameMatchers = new List<Matcher>();
        var dataMatchers = new Dictionary<string, List<Matcher>>(StringComparer.Ordinal);
        var select = new List<Matcher>();
        bool hasName = false;
        if (args.Count > 1 && FunctionArgs.Unwrap(args[1]) is VectorSelector selector)
        {
            foreach (var m in selector.Matchers)
            {
                select.Add(m);
                if (m.Name == Labels.MetricName)
                {
                    nameMatchers.Add(m);
                    hasName = true;
                    continue;
                }
                if (!dataMatchers.TryGetValue(m.Name, out var list)) dataMatchers[m.Name] = list = [];
                list.Add(m);
            }
        }
        else nameMatchers.Add(Matcher.Equal(Labels.MetricName, TargetInfo));
        // Without a __name__ matcher the data labels come from target_info; with only negative ones, from the
        // other info metrics (names ending in _info; upstream info.test, issue 17931).
        if (!hasName) select.Insert(0, Matcher.Equal(Labels.MetricName, TargetInfo));
        else if (!nameMatchers.Exists(static m => m.Type is MatcherType.Equal or MatcherType.Regex))
            select.Insert(0, Matcher.Create(MatcherType.Regex, Labels.MetricName, ".+_info"));
        return new State { InfoNameMatchers = nameMatchers, DataLabelMatchers = dataMatchers, SelectMatchers = select };
    }

    /// <summary>
    /// Input series that are info series themselves are passed through: those whose name matches every
    /// <c>__name__</c> matcher, when at least one of them is positive (= or =~). Only negative name matchers
    /// ignore nothing (upstream issue 17931).
    /// </summary>
    private static bool IsIgnored(State state, Labels metric)
    {
        if (!state.HasPositiveNameMatcher) return false;
        string name = metric.Get(Labels.MetricName);
        foreach (var m in state.InfoNameMatchers)
            if (!m.Matches(name)) return false;
        return true;
    }

    private static bool AllMatchEmpty(State state)
    {
        foreach (var list in state.DataLabelMatchers.Values)
            foreach (var m in list)
                if (!m.Matches("")) return false;
        return true;
    }

    /// <summary>Selects the info series with the identifying values seen so far (upstream: one regex of quoted values per label).</summary>
    private static void Select(State state, IReadOnlyList<Expr> args, EvalNodeHelper helper)
    {
        var key = new StringBuilder();
        var matchers = new List<Matcher>(state.SelectMatchers);
        foreach (var (name, values) in state.IdValues)
        {
            string regex = string.Join('|', values.Select(QuoteMeta));
            matchers.Add(Matcher.Create(MatcherType.Regex, name, regex));
            key.Append(name).Append('=').Append(regex).Append(';');
        }
        state.SelectedFor = key.ToString();
        state.Series = [];
        state.InfoNames.Clear();
        if (state.IdValues.Count == 0 || helper.Querier is null) return;

        var (mint, maxt) = SelectionRange(args, helper);
        SampleIterator? iterator = null;
        var points = new List<FPoint>();
        foreach (var series in helper.Querier.Select(false, matchers))
        {
            points.Clear();
            iterator = series.Iterator(iterator);
            for (var kind = iterator.Seek(mint); kind != ValueKind.None; kind = iterator.Next())
            {
                long t = iterator.AtT();
                if (t > maxt) break;
                if (kind == ValueKind.Float) points.Add(new FPoint(t, iterator.AtF()));
            }
            string name = series.Labels.Get(Labels.MetricName);
            state.Series.Add(new InfoSeries(series.Labels, name, Signature(name, series.Labels), points.ToArray()));
            state.InfoNames.Add(name);
        }
    }

    /// <summary>
    /// The samples to read: from the reference time of the query's first step, less the lookback delta, to that
    /// of its last step (upstream's info select hints).
    /// </summary>
    private static (long Min, long Max) SelectionRange(IReadOnlyList<Expr> args, EvalNodeHelper helper)
    {
        long a = ReferenceTime(args[0], Math.Min(helper.QueryStart, helper.Timestamp));
        long b = ReferenceTime(args[0], Math.Max(helper.QueryEnd, helper.Timestamp));
        return (Math.Min(a, b) - helper.LookbackDeltaMs + 1, Math.Max(a, b));
    }

    /// <summary>
    /// The time info series are looked up at for a step at <paramref name="ts"/>: the time the first selector in
    /// the argument reads, i.e. shifted by its offset and by enclosing subquery offsets, and pinned by an <c>@</c>
    /// (upstream info.test: "@ and offset pin which info series enriches").
    /// </summary>
    internal static long ReferenceTime(Expr e, long ts) => e switch
    {
        VectorSelector vs => (vs.AtMs ?? ts) - vs.OriginalOffsetMs,
        MatrixSelector ms => ReferenceTime(ms.Selector, ts),
        SubqueryExpr sq => ReferenceTime(sq.Inner, (sq.AtMs ?? ts) - sq.OriginalOffsetMs),
        ParenExpr p => ReferenceTime(p.Inner, ts),
        UnaryExpr u => ReferenceTime(u.Operand, ts),
        BinaryExpr b => HasSelector(b.Left) ? ReferenceTime(b.Left, ts) : ReferenceTime(b.Right, ts),
        AggregateExpr a => a.Param is not null && HasSelector(a.Param) ? ReferenceTime(a.Param, ts) : ReferenceTime(a.Inner, ts),
        Call c => c.Args.FirstOrDefault(HasSelector) is { } arg ? ReferenceTime(arg, ts) : ts,
        _ => ts,
    };

    private static bool HasSelector(Expr e) => e switch
    {
        VectorSelector or MatrixSelector => true,
        SubqueryExpr sq => HasSelector(sq.Inner),
        ParenExpr p => HasSelector(p.Inner),
        UnaryExpr u => HasSelector(u.Operand),
        BinaryExpr b => HasSelector(b.Left) || HasSelector(b.Right),
        AggregateExpr a => (a.Param is not null && HasSelector(a.Param)) || HasSelector(a.Inner),
        Call c => c.Args.Any(HasSelector),
        _ => false,
    };

    /// <summary>Each info series' latest sample within the lookback window at this step, one per signature (newest wins).</summary>
    private static void CollectStep(State state, EvalNodeHelper helper, long ts)
    {
        state.BySignature.Clear();
        long from = ts - helper.LookbackDeltaMs;
        foreach (var s in state.Series)
        {
            int i = LastAtOrBefore(s.Samples, ts);
            if (i < 0 || s.Samples[i].T <= from || StaleNaN.Is(s.Samples[i].F)) continue;
            long t = s.Samples[i].T;
            if (state.BySignature.TryGetValue(s.Signature, out var existing))
            {
                if (existing.T > t) continue;
                if (existing.T == t)
                    throw new FunctionEvalException($"found duplicate series for info metric: existing {existing.Series.Metric} @ {existing.T}, new {s.Metric} @ {t}");
            }
            state.BySignature[s.Signature] = (s, t);
        }
    }

    private static int LastAtOrBefore(FPoint[] samples, long t)
    {
        int lo = 0, hi = samples.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (samples[mid].T <= t) lo = mid + 1; else hi = mid;
        }
        return lo - 1;
    }

    /// <summary>The join key: info metric name plus the identifying label values (no allocation: existing strings).</summary>
    private static (string, string, string) Signature(string infoName, Labels metric) =>
        (infoName, metric.Get(IdentifyingLabels[0]), metric.Get(IdentifyingLabels[1]));

    /// <summary>Go's <c>regexp.QuoteMeta</c>: escapes <c>\.+*?()|[]{}^$</c>.</summary>
    private static string QuoteMeta(string s)
    {
        var sb = new StringBuilder(s.Length + 4);
        foreach (char c in s)
        {
            if (c is '\\' or '.' or '+' or '*' or '?' or '(' or ')' or '|' or '[' or ']' or '{' or '}' or '^' or '$') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }
}
