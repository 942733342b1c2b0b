using System.Globalization;
using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.PromQL.Functions;

/// <summary>
/// Groups an instant vector's classic histogram buckets into histograms: samples that differ only in their
/// <c>le</c> label form one histogram (the metric name counts, since names are dropped late). Kept in
/// <see cref="EvalNodeHelper.FunctionState"/> and reused across steps, so steady-state evaluation does not
/// allocate. Upstream: promql's <c>EvalNodeHelper.resetHistograms</c> and <c>signatureToMetricWithBuckets</c>.
/// </summary>
internal sealed class ClassicHistogramGroups
{
    /// <summary>One histogram: its labels without <c>le</c> and this step's buckets.</summary>
    internal sealed class Group(Labels metric)
    {
        public Labels Metric { get; } = metric;
        public List<Bucket> Buckets { get; } = [];
    }

    private readonly Dictionary<Labels, Group> _byLabels = new(new LabelsIgnoringLe());
    private readonly LabelsBuilder _builder = new();

    /// <summary>Metric names already reported for forced monotonicity by this node (the text is built once, not every step).</summary>
    public HashSet<string> ReportedForcedMonotonicity { get; } = new(StringComparer.Ordinal);

    /// <summary>Groups with at least one bucket this step, in first-seen order.</summary>
    public List<Group> Active { get; } = [];

    public static ClassicHistogramGroups Of(EvalNodeHelper helper)
    {
        if (helper.FunctionState is ClassicHistogramGroups g) return g;
        g = new ClassicHistogramGroups();
        helper.FunctionState = g;
        return g;
    }

    /// <summary>
    /// Fills the groups from <paramref name="input"/>. A float sample without a parseable <c>le</c> is skipped
    /// with a warning; a native histogram with the same labels as a classic one cancels both (warning).
    /// </summary>
    public void Reset(Vector input, Expr positionArg, Annotations annotations)
    {
        foreach (var g in Active) g.Buckets.Clear();
        Active.Clear();
        foreach (var s in input)
        {
            if (s.H is not null) continue;
            string le = s.Metric.Get("le");
            if (!TryParseGoFloat(le, out double upper))
            {
                annotations.Warn(AnnotationTexts.BadBucketLabel(FunctionArgs.MetricName(s.Metric), le), positionArg.Position);
                continue;
            }
            if (!_byLabels.TryGetValue(s.Metric, out var group))
            {
                _builder.Reset(s.Metric);
                _builder.Del("le");
                group = new Group(_builder.Build());
                _byLabels[group.Metric] = group;
            }
            if (group.Buckets.Count == 0) Active.Add(group);
            group.Buckets.Add(new Bucket(upper, s.F));
        }
        // A native histogram sample with the same series labels as a classic histogram: neither is evaluated.
        foreach (var s in input)
        {
            if (s.H is null || !_byLabels.TryGetValue(s.Metric, out var group) || group.Buckets.Count == 0) continue;
            annotations.Warn(AnnotationTexts.MixedClassicNativeHistograms(FunctionArgs.MetricName(s.Metric)), positionArg.Position);
            group.Buckets.Clear();
        }
    }

    /// <summary>Go's <c>strconv.ParseFloat</c> for <c>le</c> values: decimal, exponent, Inf/Infinity, NaN, hex floats rarely seen.</summary>
    internal static bool TryParseGoFloat(string s, out double value)
    {
        value = 0;
        if (s.Length == 0) return false;
        var span = s.AsSpan();
        bool negative = false;
        var body = span;
        if (body[0] is '+' or '-')
        {
            negative = body[0] == '-';
            body = body[1..];
        }
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }
        foreach (char c in body)
            if (!(char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-' or '_')) return false;
        if (body.Contains('_')) return false;
        return double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Equality and hashing of label sets with any <c>le</c> label ignored.</summary>
    private sealed class LabelsIgnoringLe : IEqualityComparer<Labels>
    {
        public bool Equals(Labels? x, Labels? y)
        {
            if (ReferenceEquals(x, y)) return true;
            if (x is null || y is null) return false;
            var a = x.AsSpan();
            var b = y.AsSpan();
            int i = 0, j = 0;
            while (true)
            {
                if (i < a.Length && a[i].Name == "le") i++;
                if (j < b.Length && b[j].Name == "le") j++;
                if (i >= a.Length || j >= b.Length) return i >= a.Length && j >= b.Length;
                if (a[i].Name != b[j].Name || a[i].Value != b[j].Value) return false;
                i++;
                j++;
            }
        }

        public int GetHashCode(Labels obj)
        {
            var hash = new HashCode();
            foreach (var l in obj.AsSpan())
            {
                if (l.Name == "le") continue;
                hash.Add(l.Name);
                hash.Add(l.Value);
            }
            return hash.ToHashCode();
        }
    }
}
