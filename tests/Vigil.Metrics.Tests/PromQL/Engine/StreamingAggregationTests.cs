using CsCheck;
using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Parser;
using static Vigil.Metrics.Tests.PromQL.Engine.Q;

namespace Vigil.Metrics.Tests.PromQL.Engine;

/// <summary>
/// Folding aggregations stream a selector's series; the same aggregation over a non-streamable input (the
/// selector times one, which keeps every value bit for bit) takes the step-by-step path. Both must agree
/// exactly, whatever the data: the fold order per group and step is the same.
/// </summary>
public class StreamingAggregationTests
{
    private static readonly AggregationOp[] Ops =
        [AggregationOp.Sum, AggregationOp.Avg, AggregationOp.Count, AggregationOp.Min, AggregationOp.Max,
         AggregationOp.Group, AggregationOp.Stddev, AggregationOp.Stdvar];

    [Fact]
    public void Streamed_and_stepwise_aggregations_agree()
    {
        var value = Gen.OneOf(Gen.Double[-1e6, 1e6], Gen.Const(double.NaN), Gen.Const(double.PositiveInfinity), Gen.Const(1e308));
        var series = Gen.Select(Gen.Int[0, 2], value.Array[1, 8]);
        Gen.Select(series.Array[1, 6], Gen.Int[0, Ops.Length - 1], Gen.Bool).Sample((data, opIndex, without) =>
        {
            var store = new EngineTestStore();
            for (int i = 0; i < data.Length; i++)
            {
                var (group, values) = data[i];
                var samples = values.Select((v, j) => (T: (long)j * 30_000, V: v)).ToArray();
                store.Add(Labels.Of("__name__", "m", "g", group.ToString(System.Globalization.CultureInfo.InvariantCulture), "i", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), samples);
            }
            var op = Ops[opIndex];
            string[] grouping = without ? ["i"] : ["g"];
            var streamed = EngineRun.Range(store, Agg(op, Sel("m"), without: without, grouping: grouping), 0, 240_000, 15_000);
            var stepwise = EngineRun.Range(store, Agg(op, Bin(BinaryOperator.Mul, Sel("m"), Num(1)), without: without, grouping: grouping), 0, 240_000, 15_000);
            Assert.Equal(Render(stepwise), Render(streamed));
        }, iter: 200);
    }

    [Fact]
    public void Streamed_range_function_input_matches_materialised()
    {
        var store = new EngineTestStore();
        for (int i = 0; i < 20; i++)
            store.Series(Labels.Of("__name__", "c_total", "g", (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture), "i", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), 15_000, i, i + 1, 100);
        var streamed = EngineRun.Range(store, PromQlParser.Parse("sum by (g) (rate(c_total[1m]))"), 60_000, 1_400_000, 60_000);
        var stepwise = EngineRun.Range(store, PromQlParser.Parse("sum by (g) (rate(c_total[1m]) * 1)"), 60_000, 1_400_000, 60_000);
        Assert.Equal(3, streamed.Matrix!.Count);
        Assert.Equal(Render(stepwise), Render(streamed));
    }

    [Theory]
    [InlineData("sum by (g) (-c_total * 2)", "sum by (g) ((-c_total * 2) or nothing)")]
    [InlineData("avg by (g) (rate(c_total[1m]) > 0.1)", "avg by (g) ((rate(c_total[1m]) > 0.1) or nothing)")]
    [InlineData("count by (g) (2 < bool c_total)", "count by (g) ((2 < bool c_total) or nothing)")]
    [InlineData("max(time() - c_total)", "max((time() - c_total) or nothing)")]
    public void Streamed_vector_scalar_operations_match_materialised(string streamedQuery, string stepwiseQuery)
    {
        var store = new EngineTestStore();
        for (int i = 0; i < 12; i++)
            store.Series(Labels.Of("__name__", "c_total", "g", (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture), "i", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), 15_000, i, i % 4, 100);
        var streamed = EngineRun.Range(store, PromQlParser.Parse(streamedQuery), 60_000, 1_400_000, 60_000);
        var stepwise = EngineRun.Range(store, PromQlParser.Parse(stepwiseQuery), 60_000, 1_400_000, 60_000);
        Assert.NotEmpty(streamed.Matrix!);
        Assert.Equal(Render(stepwise), Render(streamed));
    }

    private static List<string> Render(Vigil.Metrics.PromQL.Engine.QueryResult r)
    {
        Assert.Null(r.Error);
        return r.Matrix!.Select(s => s.Metric + " " + string.Join(",", s.Floats.Select(p => $"{p.T}:{BitConverter.DoubleToInt64Bits(p.F)}"))).ToList();
    }
}
