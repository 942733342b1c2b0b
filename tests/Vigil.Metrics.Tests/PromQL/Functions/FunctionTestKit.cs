using System.Globalization;
using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Functions;
using Vigil.Metrics.PromQL.Values;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Tests.PromQL.Functions;

/// <summary>
/// Calls registered functions the way the engine does, with hand-built arguments: series in the promqltest
/// notation (<c>0+10x10</c>, <c>1 _ 3</c>), windows cut as the engine cuts them (start exclusive, end
/// inclusive; anchored adds the sample at or before the start, smoothed also the first one after the end).
/// </summary>
internal static class FunctionTestKit
{
    public const long Minute = 60_000;

    /// <summary>Expands promqltest value items (<c>V</c>, <c>_</c>, <c>_xN</c>, <c>VxN</c>, <c>V+DxN</c>, <c>V-DxN</c>) at <paramref name="stepMs"/>.</summary>
    public static List<FPoint> Load(long stepMs, string items)
    {
        var points = new List<FPoint>();
        long slot = 0;
        foreach (var item in items.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (item == "_") { slot++; continue; }
            if (item.StartsWith("_x", StringComparison.Ordinal)) { slot += long.Parse(item[2..], CultureInfo.InvariantCulture); continue; }
            int x = item.LastIndexOf('x');
            if (x < 0) { points.Add(new FPoint(slot++ * stepMs, Parse(item))); continue; }
            int n = int.Parse(item[(x + 1)..], CultureInfo.InvariantCulture);
            string head = item[..x];
            int op = head.IndexOfAny(['+', '-'], 1);
            double start = Parse(op < 0 ? head : head[..op]);
            double delta = op < 0 ? 0 : Parse(head[op..]);
            double v = start;
            for (int i = 0; i <= n; i++)
            {
                points.Add(new FPoint(slot++ * stepMs, v));
                v += delta;
            }
        }
        return points;
    }

    private static double Parse(string s) => s.ToLowerInvariant() switch
    {
        "nan" => double.NaN,
        "inf" or "+inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        _ => double.Parse(s, CultureInfo.InvariantCulture),
    };

    /// <summary>The points of <paramref name="all"/> an engine passes for the window (start, end].</summary>
    public static List<FPoint> Window(List<FPoint> all, long start, long end, bool anchored = false, bool smoothed = false)
    {
        var result = all.Where(p => p.T > start && p.T <= end).ToList();
        if (anchored || smoothed)
        {
            var before = all.LastOrDefault(p => p.T <= start, new FPoint(long.MinValue, 0));
            if (before.T != long.MinValue) result.Insert(0, before);
        }
        if (smoothed)
        {
            var after = all.FirstOrDefault(p => p.T > end, new FPoint(long.MinValue, 0));
            if (after.T != long.MinValue) result.Add(after);
        }
        return result;
    }

    public static MatrixSelector MatrixArg(string metric, long rangeMs, bool anchored = false, bool smoothed = false, int position = 0)
    {
        var vs = new VectorSelector
        {
            Name = metric,
            Matchers = [Matcher.Equal(Labels.MetricName, metric)],
            Anchored = anchored,
            Smoothed = smoothed,
            Position = new PositionRange(position, position + metric.Length),
        };
        return new MatrixSelector(vs) { RangeMs = rangeMs, Position = new PositionRange(position, position + metric.Length + 5) };
    }

    public static NumberLiteral Number(double v, int position = 0) => new(v) { Position = new PositionRange(position, position + 1) };

    public static StringLiteral Str(string s) => new(s);

    /// <summary>Calls a range-vector function at <paramref name="ts"/> over one series' points in (ts-range-offset, ts-offset].</summary>
    public static Vector CallRange(string name, long ts, List<FPoint> all, long rangeMs, Labels? metric = null,
        bool anchored = false, bool smoothed = false, Expr[]? args = null, Vector[]? vectorArgs = null, Annotations? annotations = null,
        EvalNodeHelper? helper = null, long offsetMs = 0)
    {
        helper ??= new EvalNodeHelper();
        helper.Timestamp = ts;
        helper.RangeStart = ts - rangeMs - offsetMs;
        helper.RangeEnd = ts - offsetMs;
        helper.Output.Clear();
        var series = new RangeSeries(metric ?? Labels.Of("__name__", "m"))
        {
            Floats = Window(all, helper.RangeStart, helper.RangeEnd, anchored, smoothed),
        };
        args ??= [MatrixArg("m", rangeMs, anchored, smoothed)];
        vectorArgs ??= args.Select(_ => new Vector()).ToArray();
        Assert.True(FunctionRegistry.TryGet(name, out var call), name + " is registered");
        call(vectorArgs, [series], args, helper, annotations ?? new Annotations());
        return helper.Output;
    }

    /// <summary>Calls an instant-vector function with one slot per argument (scalars as one-sample vectors, strings empty).</summary>
    public static Vector CallInstant(string name, Expr[] args, Vector[] vectorArgs, long ts = 0, Annotations? annotations = null, EvalNodeHelper? helper = null)
    {
        helper ??= new EvalNodeHelper();
        helper.Timestamp = ts;
        helper.Output.Clear();
        Assert.True(FunctionRegistry.TryGet(name, out var call), name + " is registered");
        call(vectorArgs, [], args, helper, annotations ?? new Annotations());
        return helper.Output;
    }

    public static Vector ScalarVector(double v) => [new Sample(Labels.Empty, 0, v)];

    public static Vector Vec(params (string Labels, double Value)[] samples)
    {
        var v = new Vector();
        foreach (var (labels, value) in samples) v.Add(new Sample(ParseLabels(labels), 0, value));
        return v;
    }

    /// <summary><c>name{a="b",c="d"}</c> or <c>{a="b"}</c> (no escapes) into labels.</summary>
    public static Labels ParseLabels(string text)
    {
        var b = new LabelsBuilder();
        int brace = text.IndexOf('{');
        string name = brace < 0 ? text : text[..brace];
        if (name.Length > 0) b.Set("__name__", name);
        if (brace >= 0)
        {
            foreach (var pair in text[(brace + 1)..^1].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = pair.IndexOf('=');
                b.Set(pair[..eq].Trim(), pair[(eq + 1)..].Trim().Trim('"'));
            }
        }
        return b.Build();
    }

    public static double Single(Vector v)
    {
        Assert.Single(v);
        return v[0].F;
    }

    /// <summary>Upstream's promqltest float comparison (relative 1e-6).</summary>
    public static void Near(double expected, double actual)
    {
        if (double.IsNaN(expected)) { Assert.True(double.IsNaN(actual), $"expected NaN, got {actual}"); return; }
        if (expected == actual) return;
        Assert.True(Math.Abs(expected - actual) / Math.Max(Math.Abs(expected) + Math.Abs(actual), double.Epsilon) < 1e-6,
            $"expected {expected.ToString("R", CultureInfo.InvariantCulture)}, got {actual.ToString("R", CultureInfo.InvariantCulture)}");
    }
}
