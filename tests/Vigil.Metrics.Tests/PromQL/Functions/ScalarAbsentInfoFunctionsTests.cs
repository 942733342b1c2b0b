using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Functions;
using Vigil.Metrics.PromQL.Values;
using Vigil.Metrics.Tsdb.Head;
using Vigil.Metrics.Tsdb.Querying;
using static Vigil.Metrics.Tests.PromQL.Functions.FunctionTestKit;

namespace Vigil.Metrics.Tests.PromQL.Functions;

/// <summary>vector, scalar, time and the query-time scalars, absent's labels, and info()'s join against a head.</summary>
public sealed class ScalarAbsentInfoFunctionsTests
{
    [Fact]
    public void Scalar_is_nan_unless_exactly_one_float()
    {
        Assert.Equal(3, Single(CallInstant("scalar", [Number(0)], [Vec(("a", 3))])));
        Near(double.NaN, Single(CallInstant("scalar", [Number(0)], [Vec(("a", 3), ("b", 4))])));
        Near(double.NaN, Single(CallInstant("scalar", [Number(0)], [[]])));
    }

    [Fact]
    public void Vector_time_and_query_scalars()
    {
        var v = CallInstant("vector", [Number(2)], [ScalarVector(2)]);
        Assert.Equal(2, Single(v));
        Assert.Equal(0, v[0].Metric.Count);
        Assert.Equal(3000, Single(CallInstant("time", [], [], ts: 3_000_000)));
        var helper = new EvalNodeHelper { QueryStart = 100_000, QueryEnd = 130_000, QueryStep = 10_000 };
        Assert.Equal(100, Single(CallInstant("start", [], [], ts: 110_000, helper: helper)));
        Assert.Equal(130, Single(CallInstant("end", [], [], ts: 110_000, helper: helper)));
        Assert.Equal(30, Single(CallInstant("range", [], [], ts: 110_000, helper: helper)));
        Assert.Equal(10, Single(CallInstant("step", [], [], ts: 110_000, helper: helper)));
    }

    [Theory]
    [InlineData("min_of", 3, 5, 3)]
    [InlineData("max_of", 3, 5, 5)]
    [InlineData("min_of", -2, -5, -5)]
    [InlineData("min_of", double.NaN, 3, double.NaN)]
    [InlineData("max_of", 3, double.NaN, double.NaN)]
    public void Min_of_and_max_of(string fn, double a, double b, double expected) =>
        Near(expected, Single(CallInstant(fn, [Number(a), Number(b)], [ScalarVector(a), ScalarVector(b)])));

    [Fact]
    public void Timestamp_reports_each_sample_time_in_seconds()
    {
        var input = new Vector { new Sample(Labels.Of("__name__", "m"), 12_345, 7) };
        var v = CallInstant("timestamp", [Number(0)], [input], ts: 60_000);
        Assert.Equal(12.345, Single(v));
        Assert.True(v[0].DropName);
    }

    [Fact]
    public void Absent_labels_come_from_unique_equality_matchers()
    {
        var selector = new VectorSelector
        {
            Name = "nonexistent",
            Matchers =
            [
                Matcher.Equal("__name__", "nonexistent"), Matcher.Equal("job", "a"), Matcher.Equal("job", "b"),
                Matcher.Equal("foo", "bar"), Matcher.Create(MatcherType.Regex, "re", "x.*"), Matcher.Equal("env", "prod"),
            ],
        };
        var v = CallInstant("absent", [selector], [[]]);
        Assert.Equal(1, Single(v));
        Assert.Equal(Labels.Of("foo", "bar", "env", "prod"), v[0].Metric);
        Assert.Empty(CallInstant("absent", [selector], [Vec(("x", 1))]));
        // Not a selector: no labels.
        Assert.Equal(Labels.Empty, Assert.Single(CallInstant("absent", [Number(1)], [[]])).Metric);
    }

    private static async Task<Head> LoadAsync(params (string Labels, long T, double V)[] samples)
    {
        var head = new Head(new HeadOptions());
        var app = head.Appender();
        foreach (var (labels, t, v) in samples)
        {
            ulong reference = 0;
            app.Append(ref reference, ParseLabels(labels), t, v);
        }
        await app.CommitAsync();
        return head;
    }

    private static Vector Info(Head head, long ts, Vector input, VectorSelector? dataSelector = null, VectorSelector? baseSelector = null)
    {
        var helper = new EvalNodeHelper
        {
            Querier = new HeadQuerier(head, long.MinValue / 2, long.MaxValue / 2),
            LookbackDeltaMs = 5 * Minute,
            QueryStart = ts,
            QueryEnd = ts,
        };
        Expr[] args = dataSelector is null ? [baseSelector ?? new VectorSelector { Name = "metric" }] : [baseSelector ?? new VectorSelector { Name = "metric" }, dataSelector];
        return CallInstant("info", args, args.Select(_ => new Vector()).Select((v, i) => i == 0 ? input : v).ToArray(), ts: ts, helper: helper);
    }

    [Fact]
    public async Task Info_adds_target_info_data_labels_by_instance_and_job()
    {
        var head = await LoadAsync(
            ("target_info{instance=\"a\",job=\"1\",data=\"info\",another_data=\"another info\"}", 0, 1),
            ("build_info{instance=\"a\",job=\"1\",build_data=\"build\"}", 0, 1));
        var input = Vec(("metric{instance=\"a\",job=\"1\",label=\"value\"}", 0), ("other{instance=\"a\",job=\"2\"}", 5));
        var v = Info(head, 0, input);
        Assert.Equal(2, v.Count);
        Assert.Equal(ParseLabels("metric{instance=\"a\",job=\"1\",label=\"value\",data=\"info\",another_data=\"another info\"}"), v[0].Metric);
        Assert.Equal(ParseLabels("other{instance=\"a\",job=\"2\"}"), v[1].Metric);

        // A data label matcher that needs a value drops series without a matching info series.
        var data = new VectorSelector { Matchers = [Matcher.Create(MatcherType.Regex, "data", ".+")], BypassEmptyMatcherCheck = true };
        v = Info(head, 0, input, data);
        Assert.Equal(ParseLabels("metric{instance=\"a\",job=\"1\",label=\"value\",data=\"info\"}"), Assert.Single(v).Metric);

        // Another info metric by name.
        var build = new VectorSelector { Matchers = [Matcher.Equal("__name__", "build_info")], BypassEmptyMatcherCheck = true };
        v = Info(head, 0, Vec(("metric{instance=\"a\",job=\"1\"}", 0)), build);
        Assert.Equal(ParseLabels("metric{instance=\"a\",job=\"1\",build_data=\"build\"}"), Assert.Single(v).Metric);
    }

    [Fact]
    public async Task Info_looks_up_the_latest_info_sample_within_the_lookback_and_keeps_a_pending_name_drop()
    {
        var head = await LoadAsync(
            ("target_info{instance=\"a\",job=\"1\",version=\"old\"}", 0, 1),
            ("target_info{instance=\"a\",job=\"1\",version=\"old\"}", Minute, 1),
            ("target_info{instance=\"a\",job=\"1\",version=\"new\"}", 3 * Minute, 1));
        var input = Vec(("metric{instance=\"a\",job=\"1\"}", 1));
        input[0] = input[0] with { DropName = true };
        Assert.Equal("old", Info(head, 2 * Minute, input)[0].Metric.Get("version"));
        var v = Info(head, 4 * Minute, input);
        Assert.Equal("new", v[0].Metric.Get("version"));
        Assert.True(v[0].DropName);
        // Beyond the lookback delta of the last info sample: passes through unenriched.
        Assert.False(Info(head, 9 * Minute, input)[0].Metric.Has("version"));
        // With offset 2m the info series is read as of ts-2m.
        var offset = new VectorSelector { Name = "metric", OriginalOffsetMs = 2 * Minute };
        Assert.Equal("old", Info(head, 4 * Minute, input, baseSelector: offset)[0].Metric.Get("version"));
    }

    [Fact]
    public async Task Info_fails_on_two_info_series_with_one_identity_at_one_time()
    {
        var head = await LoadAsync(
            ("target_info{instance=\"a\",job=\"1\",v=\"x\"}", 0, 1),
            ("target_info{instance=\"a\",job=\"1\",v=\"y\"}", 0, 1));
        var e = Assert.Throws<FunctionEvalException>(() => Info(head, 0, Vec(("metric{instance=\"a\",job=\"1\"}", 1))));
        Assert.StartsWith("found duplicate series for info metric: existing ", e.Message);
    }

    [Fact]
    public void Info_reference_time_follows_at_and_offsets_through_subqueries()
    {
        var metric = new VectorSelector { Name = "metric", OriginalOffsetMs = Minute };
        Assert.Equal(9 * Minute, InfoFunction.ReferenceTime(metric, 10 * Minute));
        var pinned = new SubqueryExpr(new ParenExpr(metric)) { AtMs = 180_000, RangeMs = 10 * Minute };
        var call = new Call(new FunctionInfo("last_over_time", [ExprType.Matrix], 0, ExprType.Vector), [pinned]);
        Assert.Equal(120_000, InfoFunction.ReferenceTime(call, 40 * Minute));
    }
}
