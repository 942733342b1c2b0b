using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Parser;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.Tests.PromQL.Engine;

/// <summary>The engine's side of function calls: windows, special cases upstream handles in the engine, name dropping.</summary>
public class CallTests
{
    private static EngineTestStore Counter() => new EngineTestStore()
        .Series(Labels.Of("__name__", "c_total", "job", "a"), 15_000, 0, 10, 41)
        .Series(Labels.Of("__name__", "g", "job", "a"), 60_000, 1, 1, 11);

    private static List<string> Instant(EngineTestStore store, string query, long t) =>
        EngineRun.Lines(EngineRun.Instant(store, PromQlParser.Parse(query), t));

    [Fact]
    public void Range_function_sees_the_left_open_window()
    {
        // Samples every 15 s; (60 s, 120 s] holds 4 of them.
        Assert.Equal(["{job=\"a\"} => 4"], Instant(Counter(), "count_over_time(c_total[1m])", 120_000));
    }

    [Fact]
    public void Timestamp_of_a_selector_is_the_sample_time_not_the_step()
    {
        Assert.Equal(["{job=\"a\"} => 120"], Instant(Counter(), "timestamp(g)", 150_000));
        Assert.Equal(["{job=\"a\"} => 60"], Instant(Counter(), "timestamp(g @ 90)", 600_000));
    }

    [Fact]
    public void Last_over_time_keeps_the_name_unless_the_subquery_drops_it()
    {
        Assert.Equal(["{__name__=\"g\", job=\"a\"} => 3"], Instant(Counter(), "last_over_time(g[5m])", 120_000));
        Assert.Equal(["{job=\"a\"} => 3"], Instant(Counter(), "last_over_time(abs(g)[5m:1m])", 120_000));
        Assert.Equal(["{job=\"a\"} => 3"], Instant(Counter(), "max_over_time(g[5m])", 120_000));
    }

    [Fact]
    public void Label_replace_relabels_once_per_series_and_merges_disjoint_ones()
    {
        var store = new EngineTestStore()
            .Add(Labels.Of("__name__", "s", "idx", "1"), (0, 2))
            .Add(Labels.Of("__name__", "s", "idx", "2"), (1_200_000, 4));
        var result = EngineRun.Range(store, PromQlParser.Parse("label_replace(s, \"idx\", \"x\", \"idx\", \".*\")"), 0, 1_200_000, 1_200_000);
        Assert.Equal(["{__name__=\"s\", idx=\"x\"} => 0:2 1200000:4"], EngineRun.MatrixLines(result));
    }

    [Fact]
    public void Sort_in_a_range_query_warns_at_the_call()
    {
        var result = EngineRun.Range(Counter(), PromQlParser.Parse("sum(sort(g))"), 0, 60_000, 60_000);
        Assert.Null(result.Error);
        var warning = Assert.Single(result.Annotations.Items);
        Assert.Equal("sort is ineffective for range queries since results are always ordered by labels", warning.Detail);
        Assert.Equal(4, warning.Position.Start);
    }

    [Fact]
    public void Rate_of_a_name_without_counter_suffix_gives_an_info()
    {
        var result = EngineRun.Instant(Counter(), PromQlParser.Parse("rate(g[5m])"), 300_000);
        var info = Assert.Single(result.Annotations.Items);
        Assert.Equal(AnnotationKind.Info, info.Kind);
        Assert.Equal("PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"g\" (1:6)", info.Render("rate(g[5m])"));
    }

    [Fact]
    public void Anchored_with_an_unsafe_function_fails_with_upstream_list()
    {
        var result = EngineRun.Instant(Counter(), PromQlParser.Parse("max_over_time(g[5m] anchored)"), 300_000);
        Assert.Equal("anchored modifier can only be used with: changes, delta, increase, rate, resets - not with max_over_time", result.Error!.Message);
    }

    [Fact]
    public void Range_query_over_a_range_vector_is_rejected()
    {
        var result = EngineRun.Range(Counter(), PromQlParser.Parse("g[5m]"), 0, 60_000, 60_000);
        Assert.Equal("invalid expression type \"range vector\" for range query, must be Scalar or instant Vector", result.Error!.Message);
    }

    [Fact]
    public void Absent_over_time_reports_steps_without_data()
    {
        // The last sample is at 600 s: from 660 s on, (t − 1m, t] holds none (the left edge is open).
        var result = EngineRun.Range(Counter(), PromQlParser.Parse("absent_over_time(g{job=\"a\"}[1m])"), 540_000, 780_000, 60_000);
        Assert.Equal(["{job=\"a\"} => 660000:1 720000:1 780000:1"], EngineRun.MatrixLines(result));
    }

    [Fact]
    public void Trim_operators_on_floats_give_nothing_and_an_info()
    {
        var result = EngineRun.Instant(Counter(), PromQlParser.Parse("g </ 2"), 60_000);
        Assert.Empty(EngineRun.Lines(result));
        var info = Assert.Single(result.Annotations.Items);
        Assert.Equal("incompatible sample types encountered for binary operator \"</\": float </ float", info.Detail);
    }
}
