using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Engine;
using Vigil.Metrics.PromQL.Parser;

namespace Vigil.Metrics.Tests.PromQL.Conformance.Runner;

/// <summary>The runner end to end on a small script with the real parser, engine and head: right expectations pass, wrong ones fail.</summary>
public class CaseRunnerTests
{
    private const string Script = """
        load 1m
          m{a="1"} 0+1x10
          m{a="2"} 5x10

        eval instant at 5m m
          m{a="1"} 5
          m{a="2"} 5

        eval instant at 5m m
          m{a="1"} 6
          m{a="2"} 5

        eval instant at 5m m{a="1"}
          {a="1"} 5

        eval instant at 5m m
          m{a="1"} 5

        eval range from 0 to 2m step 1m m{a="1"}
          m{a="1"} 0 1 2

        eval range from 0 to 2m step 1m m{a="1"}
          m{a="1"} 0 _ 2

        eval instant at 5m sum(m)
          {} 10

        eval instant at 5m sum by (a) (m)
          expect ordered
          {a="2"} 5
          {a="1"} 5

        eval instant at 5m scalar(m{a="1"})
          5

        eval instant at 5m scalar(m{a="1"})
          6

        eval instant at 5m nothing_here

        eval instant at 5m m + on() m
          expect fail

        eval instant at 5m m + on() m
          expect fail msg: something else entirely

        eval instant at 5m m{a="1"} + 1
          expect fail

        eval instant at 5m m{a="1"}[2m]
          expect range vector from 4m to 5m step 1m
          m{a="1"} 4 5
        """;

    private static Dictionary<int, CaseOutcome> RunAll()
    {
        var file = ScriptParser.Parse("t.test", Script);
        var storage = new ConformanceStorage();
        var runner = new CaseRunner(new QueryEngine(CaseRunner.Options), storage);
        var outcomes = new Dictionary<int, CaseOutcome>();
        foreach (var command in file.Commands)
        {
            if (command is LoadCommand load) Assert.Null(storage.Load(load));
            else if (command is EvalCommand eval) outcomes[eval.Line] = runner.Run(eval);
        }
        return outcomes;
    }

    [Fact]
    public void RightExpectationsPassAndWrongOnesFail()
    {
        var o = RunAll();
        Assert.True(o[5].Passed, o[5].Message);
        Assert.StartsWith("expected 6 for {__name__=\"m\", a=\"1\"} but got 5", o[9].Message);
        Assert.StartsWith("unexpected metric {__name__=\"m\", a=\"1\"}", o[13].Message);
        Assert.StartsWith("unexpected metric {__name__=\"m\", a=\"2\"}", o[16].Message);
        Assert.True(o[19].Passed, o[19].Message);
        Assert.StartsWith("expected 2 float points and 0 histogram points", o[22].Message);
        Assert.True(o[25].Passed, o[25].Message);
        Assert.False(o[28].Passed); // sum by keeps label order a=1 before a=2
        Assert.True(o[33].Passed, o[33].Message);
        Assert.Equal("expected scalar 6 but got 5", o[36].Message);
        Assert.True(o[39].Passed, o[39].Message);
        Assert.True(o[41].Passed, o[41].Message);
        Assert.EndsWith("\", expected msg something else entirely", o[44].Message);
        Assert.Equal("expected error evaluating query but got none", o[47].Message);
        Assert.True(o[50].Passed, o[50].Message);
        Assert.All(o.Values, v => Assert.False(v.ExtrasOnly));
    }

    /// <summary>Hides all data from queriers that start before <paramref name="minMint"/>: what a range-mode re-run opens.</summary>
    private sealed class DataOnlyFrom(Vigil.Metrics.Tsdb.Querying.IQueryable inner, long minMint) : Vigil.Metrics.Tsdb.Querying.IQueryable
    {
        private readonly ConformanceStorage _empty = new();

        public Vigil.Metrics.Tsdb.Querying.IQuerier Querier(long mint, long maxt) => mint < minMint ? _empty.Querier(mint, maxt) : inner.Querier(mint, maxt);
    }

    [Fact]
    public void ACaseFailsWhenOnlyAnInvarianceReRunDisagrees()
    {
        var file = ScriptParser.Parse("t.test", "load 1m\n  m 1x20\n\neval instant at 10m m\n  m 1\n");
        var storage = new ConformanceStorage();
        Assert.Null(storage.Load(file.Commands.OfType<LoadCommand>().Single()));
        var eval = file.Commands.OfType<EvalCommand>().Single();
        Assert.True(new CaseRunner(new QueryEngine(CaseRunner.Options), storage).Run(eval).Passed);

        // The plain query reads from 10m-5m on; its range-mode re-run (9m to 11m) starts a minute earlier.
        var outcome = new CaseRunner(new QueryEngine(CaseRunner.Options), new DataOnlyFrom(storage, 270_000)).Run(eval);
        Assert.False(outcome.Passed);
        Assert.True(outcome.ExtrasOnly);
        Assert.StartsWith("range mode at t=600000: expected metric {__name__=\"m\"}", outcome.Message);
    }

    [Fact]
    public void LoadsRejectOutOfOrderSamplesInOneSeries()
    {
        var storage = new ConformanceStorage();
        var file = ScriptParser.Parse("t.test", "load 1m\n  m 1 2 3\n\nload 1m\n  n 1\n\nload 1m\n  m 5\n");
        var loads = file.Commands.OfType<LoadCommand>().ToList();
        Assert.Null(storage.Load(loads[0]));
        Assert.Null(storage.Load(loads[1])); // another series may start at 0 again
        Assert.Equal("load at line 7: appending {__name__=\"m\"} at t=0 failed: OutOfOrder", storage.Load(loads[2]));
    }

    [Fact]
    public void AtRewritePinsSelectorsAndSubqueriesButNotUnderThem()
    {
        var expr = PromQlParser.Parse("sum(rate(m[5m])) + m @ 10 + max_over_time(n[5m:1m]) + max_over_time(o[5m:1m] @ 20)");
        Assert.True(AtModifierRewrite.Apply(expr, 300_000));
        var selectors = new List<VectorSelector>();
        var subqueries = new List<SubqueryExpr>();
        Collect(expr, selectors, subqueries);
        long?[] at = [.. selectors.Select(s => s.AtMs)];
        // rate's m pinned, "m @ 10" kept, n and o under subqueries untouched; the bare subquery pinned, the pinned one kept.
        Assert.Equal([300_000, 10_000, null, null], at);
        Assert.Equal([300_000, 20_000], subqueries.Select(s => s.AtMs));
        Assert.False(AtModifierRewrite.Apply(PromQlParser.Parse("time() - timestamp(m)"), 0));
    }

    private static void Collect(Expr e, List<VectorSelector> selectors, List<SubqueryExpr> subqueries)
    {
        switch (e)
        {
            case VectorSelector vs: selectors.Add(vs); break;
            case MatrixSelector ms: selectors.Add(ms.Selector); break;
            case SubqueryExpr sq: subqueries.Add(sq); Collect(sq.Inner, selectors, subqueries); break;
            case Call c: foreach (var a in c.Args) Collect(a, selectors, subqueries); break;
            case ParenExpr p: Collect(p.Inner, selectors, subqueries); break;
            case UnaryExpr u: Collect(u.Operand, selectors, subqueries); break;
            case BinaryExpr b: Collect(b.Left, selectors, subqueries); Collect(b.Right, selectors, subqueries); break;
            case AggregateExpr a: if (a.Param is not null) Collect(a.Param, selectors, subqueries); Collect(a.Inner, selectors, subqueries); break;
        }
    }

    [Theory]
    [InlineData("rate(m[5m])", "rate(m[5m] @ 300.000)")]
    [InlineData("sum(m @ start())", "sum(m @ 300.000)")]
    [InlineData("max_over_time(m[5m:1m]) + n offset 1m", "max_over_time(m[5m:1m] @ 300.000) + n @ 300.000 offset 1m")]
    public void PinnedQueriesPrintAsUpstreamPrintsThem(string query, string pinned)
    {
        var expr = PromQlParser.Parse(query);
        Assert.True(AtModifierRewrite.Apply(expr, 300_000));
        Assert.Equal(pinned, Printer.Print(expr));
    }

    [Fact]
    public void ReRunTimesFollowUpstream()
    {
        Assert.Equal([-1000L, 0, 1000], AtModifierRewrite.EvalTimes(0));
        Assert.Equal([-3_000_000L, 0, 60_000, 300_000, 3_000_000], AtModifierRewrite.EvalTimes(300_000));
    }
}
