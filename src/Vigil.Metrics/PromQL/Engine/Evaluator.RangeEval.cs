using System.Text;
using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.PromQL.Engine;

/// <summary>Per-step input for a <see cref="Evaluator.StepFunction"/>: the join signature ordinal of each gathered sample.</summary>
internal sealed class StepSignatures(int inputs)
{
    /// <summary>Per input: the signature ordinal of each sample of this step's vector, in order.</summary>
    public List<int>[] Ordinals { get; } = CreateLists(inputs);

    /// <summary>How many distinct signatures the inputs have (ordinals are below this).</summary>
    public int Count { get; set; }

    private static List<int>[] CreateLists(int n)
    {
        var lists = new List<int>[n];
        for (int i = 0; i < n; i++) lists[i] = [];
        return lists;
    }
}

internal sealed partial class Evaluator
{
    /// <summary>Computes one step's output vector from the inputs' vectors at that step; the returned vector is read before the next call.</summary>
    internal delegate Vector StepFunction(Vector[] inputs, StepSignatures? signatures, long ts);

    /// <summary>
    /// Evaluates the argument expressions over all steps, then calls <paramref name="step"/> once per step
    /// with their vectors at that step and stitches the outputs into series (upstream rangeEval). With
    /// <paramref name="matching"/>, each input series gets its join signature ordinal once, up front.
    /// String-typed arguments are not evaluated; their slot holds an empty vector.
    /// </summary>
    private Matrix RangeEval(VectorMatching? matching, StepFunction step, params Expr?[] exprs)
    {
        int originalSamples = _ctx.CurrentSamples;
        var matrixes = new Matrix[exprs.Length];
        for (int i = 0; i < exprs.Length; i++)
        {
            var e = exprs[i];
            matrixes[i] = e is not null && e.Type != ExprType.String ? Eval(e) : [];
        }

        var vectors = new Vector[exprs.Length];
        var cursors = new int[exprs.Length][];
        int biggest = 1;
        for (int i = 0; i < exprs.Length; i++)
        {
            vectors[i] = new Vector(matrixes[i].Count);
            cursors[i] = new int[matrixes[i].Count];
            biggest = Math.Max(biggest, matrixes[i].Count);
        }

        StepSignatures? signatures = null;
        int[][]? seriesSignatures = null;
        if (matching is not null)
        {
            signatures = new StepSignatures(exprs.Length);
            seriesSignatures = ComputeSignatures(matching, matrixes, signatures);
        }

        int tempSamples = _ctx.CurrentSamples;
        int numSteps = NumSteps;
        var outIndex = IsInstant ? null : new Dictionary<Labels, int>(biggest);
        var outSeries = new Matrix();
        var lastTs = new List<long>();

        for (long ts = _start; ts <= _end; ts += _interval)
        {
            _ctx.CheckCancelled();
            _ctx.CurrentSamples = tempSamples;
            for (int i = 0; i < exprs.Length; i++)
            {
                var vec = vectors[i];
                vec.Clear();
                var ordinals = signatures?.Ordinals[i];
                ordinals?.Clear();
                var mat = matrixes[i];
                var cur = cursors[i];
                for (int s = 0; s < mat.Count; s++)
                {
                    var series = mat[s];
                    if (!TryTake(series, ref cur[s], ts, out double f)) continue;
                    vec.Add(new Sample(series.Metric, ts, f) { DropName = series.DropName });
                    ordinals?.Add(seriesSignatures![i][s]);
                    _ctx.AddSamples(1);
                }
            }
            _ctx.UpdatePeak();

            var result = step(vectors, signatures, ts);
            int n = result.Count;
            _ctx.CurrentSamples += n;
            tempSamples += n;
            _ctx.UpdatePeak();
            if (_ctx.CurrentSamples > _ctx.MaxSamples) throw QueryEvaluationException.TooManySamples();

            if (IsInstant)
            {
                // An instant query keeps the function's output order (sort() and friends rely on it).
                var mat = new Matrix(n);
                foreach (var sample in result)
                    mat.Add(new RangeSeries(sample.Metric) { Floats = [new FPoint(ts, sample.F)], DropName = sample.DropName });
                _ctx.CurrentSamples = originalSamples + n;
                foreach (var input in matrixes) _ctx.Points.Return(input);
                return mat;
            }

            foreach (var sample in result)
            {
                if (outIndex!.TryGetValue(sample.Metric, out int idx))
                {
                    if (lastTs[idx] == ts) throw QueryEvaluationException.SameLabelset();
                    lastTs[idx] = ts;
                }
                else
                {
                    idx = outSeries.Count;
                    outIndex[sample.Metric] = idx;
                    outSeries.Add(new RangeSeries(sample.Metric) { Floats = _ctx.Points.Rent(numSteps), DropName = sample.DropName });
                    lastTs.Add(ts);
                }
                outSeries[idx].Floats.Add(new FPoint(ts, sample.F));
            }
        }
        // The inputs were read to the end and nothing else refers to them.
        foreach (var input in matrixes) _ctx.Points.Return(input);
        _ctx.CurrentSamples = originalSamples + TotalPoints(outSeries);
        _ctx.UpdatePeak();
        return outSeries;
    }

    private static int TotalPoints(Matrix mat)
    {
        int n = 0;
        foreach (var s in mat) n += s.Floats.Count;
        return n;
    }

    /// <summary>
    /// Gives every input series the ordinal of its join signature: the values of the <c>on</c> labels, or of
    /// all labels but the <c>ignoring</c> ones and the metric name (upstream signatureFunc).
    /// </summary>
    private static int[][] ComputeSignatures(VectorMatching matching, Matrix[] matrixes, StepSignatures signatures)
    {
        var names = new List<string>(matching.MatchingLabels);
        if (!matching.On) names.Add(Labels.MetricName);
        names.Sort(StringComparer.Ordinal);
        var ordinals = new Dictionary<string, int>(StringComparer.Ordinal);
        var sb = new StringBuilder();
        var result = new int[matrixes.Length][];
        for (int i = 0; i < matrixes.Length; i++)
        {
            result[i] = new int[matrixes[i].Count];
            for (int s = 0; s < matrixes[i].Count; s++)
            {
                sb.Clear();
                AppendSignature(sb, matrixes[i][s].Metric, matching.On, names);
                string key = sb.ToString();
                if (!ordinals.TryGetValue(key, out int ord))
                {
                    ord = ordinals.Count;
                    ordinals[key] = ord;
                }
                result[i][s] = ord;
            }
        }
        signatures.Count = ordinals.Count;
        return result;
    }

    private static void AppendSignature(StringBuilder sb, Labels labels, bool on, List<string> names)
    {
        foreach (var label in labels.AsSpan())
        {
            bool listed = names.BinarySearch(label.Name, StringComparer.Ordinal) >= 0;
            if (listed != on) continue;
            sb.Append(label.Name).Append('\xff').Append(label.Value).Append('\xff');
        }
    }

    /// <summary>The labels a signature is made of, as a label set (upstream Labels.MatchLabels).</summary>
    internal static Labels MatchLabels(Labels labels, bool on, IReadOnlyList<string> names)
    {
        var builder = new LabelsBuilder();
        foreach (var label in labels.AsSpan())
        {
            bool listed = false;
            foreach (var n in names)
                if (string.Equals(n, label.Name, StringComparison.Ordinal)) { listed = true; break; }
            if (on ? listed : !listed && label.Name != Labels.MetricName) builder.Set(label.Name, label.Value);
        }
        return builder.Build();
    }
}
