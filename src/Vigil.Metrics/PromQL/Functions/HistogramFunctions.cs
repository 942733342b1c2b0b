using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Values;
using Vigil.Metrics.Scrape.Parsing;

namespace Vigil.Metrics.PromQL.Functions;

/// <summary>
/// histogram_quantile, histogram_quantiles (experimental) and histogram_fraction over classic histograms
/// (<c>le</c> buckets), and the native-histogram accessors histogram_count, _sum, _avg, _stddev, _stdvar, which
/// ignore float samples. Upstream: promql/functions.go. Native histogram inputs need histogram arithmetic (their
/// own issue) and give no result yet.
/// </summary>
internal static class HistogramFunctions
{
    public static void Register(Dictionary<string, FunctionCall> registry)
    {
        registry["histogram_quantile"] = HistogramQuantile;
        registry["histogram_quantiles"] = HistogramQuantiles;
        registry["histogram_fraction"] = HistogramFraction;
        registry["histogram_count"] = static (v, _, args, h, _) => NativeOnly(FunctionArgs.Vector(v, args, 0), h, static x => x.Count);
        registry["histogram_sum"] = static (v, _, args, h, _) => NativeOnly(FunctionArgs.Vector(v, args, 0), h, static x => x.Sum);
        registry["histogram_avg"] = static (v, _, args, h, _) => NativeOnly(FunctionArgs.Vector(v, args, 0), h, static x => x.Sum / x.Count);
        // Bucket-wise variance needs bucket iteration over native schemas (native histogram issue): no result yet.
        registry["histogram_stddev"] = static (_, _, _, _, _) => { };
        registry["histogram_stdvar"] = static (_, _, _, _, _) => { };
    }

    private static void HistogramQuantile(IReadOnlyList<Vector> vectorArgs, Matrix _, IReadOnlyList<Expr> args, EvalNodeHelper helper, Annotations annotations)
    {
        if (FunctionArgs.Scalar(vectorArgs, args, 0) is not { } q) return;
        if (double.IsNaN(q) || q < 0 || q > 1) annotations.Warn(AnnotationTexts.InvalidQuantile(q), args[0].Position);
        var groups = ClassicHistogramGroups.Of(helper);
        groups.Reset(FunctionArgs.Vector(vectorArgs, args, 1), args[1], annotations);
        foreach (var g in groups.Active)
        {
            if (g.Buckets.Count == 0) continue;
            double value = ClassicBuckets.Quantile(q, g.Buckets, out bool forced);
            if (forced && groups.ReportedForcedMonotonicity.Add(FunctionArgs.MetricName(g.Metric)))
                annotations.Info(AnnotationTexts.HistogramQuantileForcedMonotonicity(FunctionArgs.MetricName(g.Metric)), args[1].Position);
            helper.Output.Add(new Sample(g.Metric, helper.Timestamp, value) { DropName = true });
        }
    }

    /// <summary>Per-node state of histogram_quantiles: the bucket groups and each (labels, quantile) output label set.</summary>
    private sealed class QuantilesState
    {
        public readonly ClassicHistogramGroups Groups = new();
        public readonly Dictionary<(Labels, double), Labels> WithQuantile = [];
        public readonly LabelsBuilder Builder = new();
    }

    /// <summary>histogram_quantiles(v, "label", q1, q2, ...): one result per quantile, labelled with it in OpenMetrics float form.</summary>
    private static void HistogramQuantiles(IReadOnlyList<Vector> vectorArgs, Matrix _, IReadOnlyList<Expr> args, EvalNodeHelper helper, Annotations annotations)
    {
        string quantileLabel = FunctionArgs.String(args, 1);
        if (helper.FunctionState is not QuantilesState state) helper.FunctionState = state = new QuantilesState();
        Span<double> qs = stackalloc double[Math.Max(0, args.Count - 2)];
        int n = 0;
        for (int i = 2; i < args.Count; i++)
        {
            if (FunctionArgs.Scalar(vectorArgs, args, i) is not { } q) return;
            if (double.IsNaN(q) || q < 0 || q > 1) annotations.Warn(AnnotationTexts.InvalidQuantile(q), args[i].Position);
            qs[n++] = q;
        }
        state.Groups.Reset(FunctionArgs.Vector(vectorArgs, args, 0), args[0], annotations);
        foreach (double q in qs[..n])
        {
            foreach (var g in state.Groups.Active)
            {
                if (g.Buckets.Count == 0) continue;
                double value = ClassicBuckets.Quantile(q, g.Buckets, out bool forced);
                // Reported at the histogram argument (upstream histograms.test expects 1:21 for histogram_quantiles).
                if (forced && state.Groups.ReportedForcedMonotonicity.Add(FunctionArgs.MetricName(g.Metric)))
                    annotations.Info(AnnotationTexts.HistogramQuantileForcedMonotonicity(FunctionArgs.MetricName(g.Metric)), args[0].Position);
                if (!state.WithQuantile.TryGetValue((g.Metric, q), out var labels))
                {
                    state.Builder.Reset(g.Metric);
                    state.Builder.Set(quantileLabel, GoFloat.FormatOpenMetrics(q));
                    labels = state.Builder.Build();
                    state.WithQuantile[(g.Metric, q)] = labels;
                }
                helper.Output.Add(new Sample(labels, helper.Timestamp, value) { DropName = true });
            }
        }
    }

    private static void HistogramFraction(IReadOnlyList<Vector> vectorArgs, Matrix _, IReadOnlyList<Expr> args, EvalNodeHelper helper, Annotations annotations)
    {
        if (FunctionArgs.Scalar(vectorArgs, args, 0) is not { } lower || FunctionArgs.Scalar(vectorArgs, args, 1) is not { } upper) return;
        var groups = ClassicHistogramGroups.Of(helper);
        groups.Reset(FunctionArgs.Vector(vectorArgs, args, 2), args[2], annotations);
        foreach (var g in groups.Active)
        {
            if (g.Buckets.Count == 0) continue;
            helper.Output.Add(new Sample(g.Metric, helper.Timestamp, ClassicBuckets.Fraction(lower, upper, g.Buckets)) { DropName = true });
        }
    }

    private static void NativeOnly(Vector input, EvalNodeHelper helper, Func<FloatHistogram, double> f)
    {
        foreach (var s in input)
        {
            if (s.H is null) continue;
            helper.Output.Add(new Sample(s.Metric, helper.Timestamp, f(s.H)) { DropName = true });
        }
    }
}
