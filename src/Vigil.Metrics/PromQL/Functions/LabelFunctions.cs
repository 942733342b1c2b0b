using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Values;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.PromQL.Functions;

/// <summary>
/// label_replace and label_join, which rewrite label sets and leave values alone. Regexes are RE2, anchored at
/// both ends, with <c>.</c> matching newlines (Prometheus 3). Setting an empty value removes the label; setting
/// <c>__name__</c> cancels a pending name drop. Errors and their texts follow upstream
/// (promql/functions.go <c>evalLabelReplace</c>, <c>evalLabelJoin</c>).
/// </summary>
internal static class LabelFunctions
{
    public static void Register(Dictionary<string, FunctionCall> registry)
    {
        registry["label_replace"] = LabelReplace;
        registry["label_join"] = LabelJoin;
    }

    /// <summary>Per-node cache: the compiled regex and each input label set's rewritten labels (range queries repeat them every step).</summary>
    private sealed class State
    {
        public PrometheusRegex? Regex;
        public GoRegexTemplate? Template;
        public string[] Sources = [];
        public readonly Dictionary<Labels, Labels?> Rewritten = [];
        public readonly LabelsBuilder Builder = new();
        public readonly HashSet<Labels> Seen = [];
    }

    private static void LabelReplace(IReadOnlyList<Vector> vectorArgs, Matrix _, IReadOnlyList<Expr> args, EvalNodeHelper helper, Annotations annotations)
    {
        string dst = FunctionArgs.String(args, 1), replacement = FunctionArgs.String(args, 2);
        string src = FunctionArgs.String(args, 3), regexText = FunctionArgs.String(args, 4);
        if (helper.FunctionState is not State state)
        {
            state = new State();
            try
            {
                state.Regex = PrometheusRegex.Get(regexText);
            }
            catch (FormatException)
            {
                throw new FunctionEvalException("invalid regular expression in label_replace(): " + regexText);
            }
            if (!IsValidName(dst)) throw new FunctionEvalException("invalid destination label name in label_replace(): " + dst);
            state.Template = new GoRegexTemplate(regexText);
            helper.FunctionState = state;
        }

        foreach (var s in FunctionArgs.Vector(vectorArgs, args, 0))
        {
            if (!state.Rewritten.TryGetValue(s.Metric, out var rewritten))
            {
                var match = state.Regex!.Match(s.Metric.Get(src));
                if (match.Success)
                {
                    state.Builder.Reset(s.Metric);
                    state.Builder.Set(dst, state.Template!.Expand(replacement, match));
                    rewritten = state.Builder.Build();
                }
                state.Rewritten[s.Metric] = rewritten;
            }
            var output = s;
            if (rewritten is not null)
            {
                output.Metric = rewritten;
                if (dst == Labels.MetricName) output.DropName = false;
            }
            helper.Output.Add(output);
        }
        CheckDistinct(helper, state);
    }

    private static void LabelJoin(IReadOnlyList<Vector> vectorArgs, Matrix _, IReadOnlyList<Expr> args, EvalNodeHelper helper, Annotations annotations)
    {
        string dst = FunctionArgs.String(args, 1), separator = FunctionArgs.String(args, 2);
        if (helper.FunctionState is not State state)
        {
            state = new State { Sources = new string[args.Count - 3] };
            for (int i = 3; i < args.Count; i++)
            {
                string src = FunctionArgs.String(args, i);
                if (!IsValidName(src)) throw new FunctionEvalException("invalid source label name in label_join(): " + src);
                state.Sources[i - 3] = src;
            }
            if (!IsValidName(dst)) throw new FunctionEvalException("invalid destination label name in label_join(): " + dst);
            helper.FunctionState = state;
        }

        var values = new string[state.Sources.Length];
        foreach (var s in FunctionArgs.Vector(vectorArgs, args, 0))
        {
            if (!state.Rewritten.TryGetValue(s.Metric, out var rewritten))
            {
                for (int i = 0; i < values.Length; i++) values[i] = s.Metric.Get(state.Sources[i]);
                state.Builder.Reset(s.Metric);
                state.Builder.Set(dst, string.Join(separator, values));
                rewritten = state.Builder.Build();
                state.Rewritten[s.Metric] = rewritten;
            }
            var output = s;
            output.Metric = rewritten!;
            if (dst == Labels.MetricName) output.DropName = false;
            helper.Output.Add(output);
        }
        CheckDistinct(helper, state);
    }

    /// <summary>
    /// Upstream accepts any non-empty valid UTF-8 name. The parser turns invalid UTF-8 escapes (<c>"\xff"</c>) into
    /// U+FFFD, so a replacement character here stands for invalid UTF-8 and makes the name invalid.
    /// </summary>
    private static bool IsValidName(string name) => LabelValidation.IsValidLabelName(name) && !name.Contains('\uFFFD');

    /// <summary>Two results with one label set at the same step are an error, as upstream's merge of same-labelset series.</summary>
    private static void CheckDistinct(EvalNodeHelper helper, State state)
    {
        if (helper.Output.Count < 2) return;
        state.Seen.Clear();
        foreach (var s in helper.Output)
            if (!state.Seen.Add(s.Metric)) throw new FunctionEvalException("vector cannot contain metrics with the same labelset");
    }
}
