using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Engine;
using Vigil.Metrics.PromQL.Values;
using Vigil.Metrics.Tsdb.Head;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Tests.PromQL.Engine;

/// <summary>An in-memory head behind the engine's storage interface, with helpers to load samples and build expressions.</summary>
internal sealed class EngineTestStore : Vigil.Metrics.Tsdb.Querying.IQueryable
{
    public Head Head { get; } = new(new HeadOptions());

    public IQuerier Querier(long mint, long maxt) => new HeadQuerier(Head, mint, maxt);

    /// <summary>Appends one sample per (time, value) for the series and commits.</summary>
    public EngineTestStore Add(Labels labels, params (long T, double V)[] samples)
    {
        var app = Head.Appender();
        ulong reference = 0;
        foreach (var (t, v) in samples) app.Append(ref reference, labels, t, v);
        app.CommitAsync().AsTask().GetAwaiter().GetResult();
        return this;
    }

    /// <summary>Samples every <paramref name="stepMs"/> from 0: start, start+inc, ... (count values).</summary>
    public EngineTestStore Series(Labels labels, long stepMs, double start, double inc, int count)
    {
        var samples = new (long, double)[count];
        for (int i = 0; i < count; i++) samples[i] = (i * stepMs, start + i * inc);
        return Add(labels, samples);
    }
}

internal static class Q
{
    public static VectorSelector Sel(string name, params (string Name, string Value)[] labels)
    {
        var matchers = new List<Matcher> { Matcher.Equal(Labels.MetricName, name) };
        foreach (var (n, v) in labels) matchers.Add(Matcher.Equal(n, v));
        return new VectorSelector { Name = name, Matchers = matchers };
    }

    public static MatrixSelector Range(VectorSelector vs, TimeSpan range) => new(vs) { RangeMs = (long)range.TotalMilliseconds };

    public static BinaryExpr Bin(BinaryOperator op, Expr l, Expr r, VectorMatching? matching = null, bool returnBool = false)
    {
        if (matching is null && l.Type == ExprType.Vector && r.Type == ExprType.Vector)
        {
            matching = new VectorMatching
            {
                Cardinality = op is BinaryOperator.And or BinaryOperator.Or or BinaryOperator.Unless
                    ? VectorMatchCardinality.ManyToMany
                    : VectorMatchCardinality.OneToOne,
            };
        }
        return new BinaryExpr(op, l, r) { Matching = matching, ReturnBool = returnBool };
    }

    public static NumberLiteral Num(double v) => new(v);

    public static AggregateExpr Agg(AggregationOp op, Expr inner, Expr? param = null, bool without = false, params string[] grouping) =>
        new(op, inner) { Param = param, Grouping = grouping, Without = without };
}

internal static class EngineRun
{
    public static readonly EngineOptions Defaults = new() { MaxSamples = 50_000, Timeout = TimeSpan.FromSeconds(30) };

    public static QueryResult Instant(EngineTestStore store, Expr expr, long t, EngineOptions? options = null, TimeSpan? lookback = null) =>
        new QueryEngine(options ?? Defaults).InstantAsync(store, expr, t, lookback).GetAwaiter().GetResult();

    public static QueryResult Range(EngineTestStore store, Expr expr, long start, long end, long step, EngineOptions? options = null) =>
        new QueryEngine(options ?? Defaults).RangeAsync(store, expr, start, end, step).GetAwaiter().GetResult();

    /// <summary>The vector as "labels => value" lines in result order.</summary>
    public static List<string> Lines(QueryResult result)
    {
        Assert.Null(result.Error);
        Assert.NotNull(result.Vector);
        return result.Vector!.Select(s => $"{s.Metric} => {Format(s.F)}").ToList();
    }

    public static SortedSet<string> Set(QueryResult result) => new(Lines(result), StringComparer.Ordinal);

    public static string Format(double v) => double.IsNaN(v) ? "NaN" : v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    public static List<string> MatrixLines(QueryResult result)
    {
        Assert.Null(result.Error);
        Assert.NotNull(result.Matrix);
        return result.Matrix!.Select(s => $"{s.Metric} => " + string.Join(" ", s.Floats.Select(p => $"{p.T}:{Format(p.F)}"))).ToList();
    }
}
