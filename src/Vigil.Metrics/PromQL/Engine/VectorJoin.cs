using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.PromQL.Engine;

/// <summary>
/// Vector-to-vector operations for one binary expression, step by step (upstream VectorAnd, VectorOr,
/// VectorUnless, VectorBinop, resultMetric): samples pair up by their join signature ordinal, computed once
/// per input series. Scratch arrays and the result-label cache live here and are reused across steps.
/// </summary>
internal sealed class VectorJoin(BinaryOperator op, VectorMatching matching, bool returnBool)
{
    private bool[] _present = [];
    private Sample[] _right = [];
    private bool[] _matched = [];
    private HashSet<Labels>?[] _matchedMetrics = [];
    private readonly List<int> _rightOrdinals = [];
    private readonly LabelsBuilder _builder = new();
    private readonly Dictionary<(Labels, Labels), Labels> _resultMetrics = [];

    private void EnsureCapacity(int n)
    {
        if (_present.Length >= n) return;
        _present = new bool[n];
        _right = new Sample[n];
        _matched = new bool[n];
        Array.Resize(ref _matchedMetrics, n);
    }

    public Vector And(Vector lhs, Vector rhs, StepSignatures sigs, Vector output)
    {
        output.Clear();
        if (lhs.Count == 0 || rhs.Count == 0) return output;
        EnsureCapacity(sigs.Count);
        Array.Clear(_present, 0, sigs.Count);
        foreach (int ord in sigs.Ordinals[1]) _present[ord] = true;
        var lo = sigs.Ordinals[0];
        for (int i = 0; i < lhs.Count; i++)
            if (_present[lo[i]]) output.Add(lhs[i]);
        return output;
    }

    public Vector Or(Vector lhs, Vector rhs, StepSignatures sigs, Vector output)
    {
        output.Clear();
        if (lhs.Count == 0) { output.AddRange(rhs); return output; }
        if (rhs.Count == 0) { output.AddRange(lhs); return output; }
        EnsureCapacity(sigs.Count);
        Array.Clear(_present, 0, sigs.Count);
        var lo = sigs.Ordinals[0];
        for (int i = 0; i < lhs.Count; i++)
        {
            _present[lo[i]] = true;
            output.Add(lhs[i]);
        }
        var ro = sigs.Ordinals[1];
        for (int j = 0; j < rhs.Count; j++)
            if (!_present[ro[j]]) output.Add(rhs[j]);
        return output;
    }

    public Vector Unless(Vector lhs, Vector rhs, StepSignatures sigs, Vector output)
    {
        output.Clear();
        if (lhs.Count == 0 || rhs.Count == 0) { output.AddRange(lhs); return output; }
        EnsureCapacity(sigs.Count);
        Array.Clear(_present, 0, sigs.Count);
        foreach (int ord in sigs.Ordinals[1]) _present[ord] = true;
        var lo = sigs.Ordinals[0];
        for (int i = 0; i < lhs.Count; i++)
            if (!_present[lo[i]]) output.Add(lhs[i]);
        return output;
    }

    /// <summary>Arithmetic and comparison between vectors, with group_left/group_right and the fill modifiers (upstream VectorBinop).</summary>
    public Vector Arithmetic(Vector lhs, Vector rhs, StepSignatures sigs, Vector output)
    {
        output.Clear();
        Combined = false;
        double? fillLeft = matching.FillLeft, fillRight = matching.FillRight;
        if ((lhs.Count == 0 && rhs.Count == 0) || ((lhs.Count == 0 || rhs.Count == 0) && fillLeft is null && fillRight is null))
            return output;

        var lo = sigs.Ordinals[0];
        var ro = sigs.Ordinals[1];
        bool oneToMany = matching.Cardinality == VectorMatchCardinality.OneToMany;
        // The code below pairs "many" (left) with "one" (right); one-to-many swaps the sides and swaps back for the values.
        if (oneToMany)
        {
            (lhs, rhs) = (rhs, lhs);
            (lo, ro) = (ro, lo);
        }

        EnsureCapacity(sigs.Count);
        Array.Clear(_present, 0, sigs.Count);
        Array.Clear(_matched, 0, sigs.Count);
        for (int i = 0; i < sigs.Count; i++) _matchedMetrics[i]?.Clear();
        _rightOrdinals.Clear();

        for (int i = 0; i < rhs.Count; i++)
        {
            int ord = ro[i];
            if (_present[ord])
            {
                // The right side is the "one" side: two samples with one signature make it many-to-many.
                string side = oneToMany ? "left" : "right";
                var matched = Evaluator.MatchLabels(rhs[i].Metric, matching.On, matching.MatchingLabels);
                // The pair is reported in label order so the message does not depend on storage order.
                var (first, second) = Labels.Compare(rhs[i].Metric, _right[ord].Metric) <= 0
                    ? (rhs[i].Metric, _right[ord].Metric)
                    : (_right[ord].Metric, rhs[i].Metric);
                throw QueryEvaluationException.Execution(
                    $"found duplicate series for the match group {matched} on the {side} hand-side of the operation: " +
                    $"[{first}, {second}];many-to-many matching not allowed: matching labels must be unique on one side");
            }
            _present[ord] = true;
            _right[ord] = rhs[i];
            _rightOrdinals.Add(ord);
        }

        for (int i = 0; i < lhs.Count; i++)
        {
            int ord = lo[i];
            Sample rs;
            if (_present[ord]) rs = _right[ord];
            else if (fillRight is { } fill)
                rs = new Sample(Evaluator.MatchLabels(lhs[i].Metric, matching.On, matching.MatchingLabels), 0, fill);
            else continue;
            Combine(lhs[i], rs, ord, oneToMany, output);
        }

        if (fillLeft is { } leftFill)
        {
            foreach (int ord in _rightOrdinals)
            {
                if (_matched[ord]) continue;
                var rs = _right[ord];
                var ls = new Sample(Evaluator.MatchLabels(rs.Metric, matching.On, matching.MatchingLabels), 0, leftFill);
                Combine(ls, rs, ord, oneToMany, output);
            }
        }
        return output;
    }

    /// <summary>Whether any pair of samples has met in the last <see cref="Arithmetic"/> call.</summary>
    public bool Combined { get; private set; }

    private void Combine(Sample ls, Sample rs, int ord, bool oneToMany, Vector output)
    {
        Combined = true;
        double fl = ls.F, fr = rs.F;
        if (oneToMany) (fl, fr) = (fr, fl);
        var (value, keep) = BinaryOps.Elements(op, fl, fr);
        if (returnBool) value = keep ? 1 : 0;

        var metric = ResultMetric(ls.Metric, rs.Metric);
        if (matching.Cardinality == VectorMatchCardinality.OneToOne)
        {
            if (_matched[ord])
                throw QueryEvaluationException.Execution("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
            _matched[ord] = true;
        }
        else
        {
            // In many-to-one matching the grouping labels have to make each result unique.
            _matched[ord] = true;
            var set = _matchedMetrics[ord] ??= [];
            if (!set.Add(metric))
                throw QueryEvaluationException.Execution("multiple matches for labels: grouping labels must ensure unique matches");
        }
        if (!keep && !returnBool) return;
        output.Add(new Sample(metric, 0, value) { DropName = returnBool });
    }

    /// <summary>The labels of a result element (upstream resultMetric), cached per (left, right) label pair across steps.</summary>
    private Labels ResultMetric(Labels lhs, Labels rhs)
    {
        if (_resultMetrics.TryGetValue((lhs, rhs), out var cached)) return cached;
        _builder.Reset(lhs);
        if (BinaryOps.ChangesMetricSchema(op))
        {
            _builder.Del(Labels.MetricName);
            _builder.Del(MetadataLabels.Type);
            _builder.Del(MetadataLabels.Unit);
        }
        if (matching.Cardinality == VectorMatchCardinality.OneToOne)
        {
            if (matching.On) _builder.RemoveWhere(l => !Contains(matching.MatchingLabels, l.Name));
            else foreach (var name in matching.MatchingLabels) _builder.Del(name);
        }
        foreach (var name in matching.Include)
        {
            // Labels named in group_x(...) come from the "one" side.
            string v = rhs.Get(name);
            if (v.Length > 0) _builder.Set(name, v);
            else _builder.Del(name);
        }
        var result = _builder.Build();
        _resultMetrics[(lhs, rhs)] = result;
        return result;
    }

    private static bool Contains(IReadOnlyList<string> names, string name)
    {
        foreach (var n in names)
            if (string.Equals(n, name, StringComparison.Ordinal)) return true;
        return false;
    }
}
