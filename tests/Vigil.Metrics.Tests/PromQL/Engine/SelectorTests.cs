using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using static Vigil.Metrics.Tests.PromQL.Engine.Q;

namespace Vigil.Metrics.Tests.PromQL.Engine;

public class SelectorTests
{
    private static readonly Labels Up = Labels.Of("__name__", "up", "job", "a");

    [Fact]
    public void Lookback_window_is_left_open()
    {
        var store = new EngineTestStore().Add(Up, (0, 1));
        Assert.Equal(["{__name__=\"up\", job=\"a\"} => 1"], EngineRun.Lines(EngineRun.Instant(store, Sel("up"), 300_000 - 1)));
        // Exactly lookback after the sample: excluded in Prometheus 3.
        Assert.Empty(EngineRun.Lines(EngineRun.Instant(store, Sel("up"), 300_000)));
    }

    [Fact]
    public void Lookback_delta_can_be_overridden_per_query()
    {
        var store = new EngineTestStore().Add(Up, (0, 1));
        Assert.Empty(EngineRun.Lines(EngineRun.Instant(store, Sel("up"), 60_000, lookback: TimeSpan.FromSeconds(30))));
        Assert.Single(EngineRun.Lines(EngineRun.Instant(store, Sel("up"), 60_000, lookback: TimeSpan.FromMinutes(2))));
    }

    [Fact]
    public void Stale_marker_ends_the_series_until_the_next_sample()
    {
        var store = new EngineTestStore().Add(Up, (0, 1), (60_000, StaleNaN.Value), (180_000, 3));
        var result = EngineRun.Range(store, Sel("up"), 0, 240_000, 30_000);
        Assert.Equal(["{__name__=\"up\", job=\"a\"} => 0:1 30000:1 180000:3 210000:3 240000:3"], EngineRun.MatrixLines(result));
    }

    [Fact]
    public void Range_query_result_is_sorted_by_labels()
    {
        var store = new EngineTestStore()
            .Add(Labels.Of("__name__", "m", "x", "b"), (0, 2))
            .Add(Labels.Of("__name__", "m", "x", "a"), (0, 1));
        var lines = EngineRun.MatrixLines(EngineRun.Range(store, Sel("m"), 0, 60_000, 60_000));
        Assert.Equal(["{__name__=\"m\", x=\"a\"} => 0:1 60000:1", "{__name__=\"m\", x=\"b\"} => 0:2 60000:2"], lines);
    }

    [Fact]
    public void Offset_and_negative_offset_shift_the_read_time()
    {
        var store = new EngineTestStore().Series(Up, 60_000, 0, 1, 11);
        var back = Sel("up");
        back.OriginalOffsetMs = back.OffsetMs = 120_000;
        Assert.Equal(["{__name__=\"up\", job=\"a\"} => 3"], EngineRun.Lines(EngineRun.Instant(store, back, 300_000)));
        var forward = Sel("up");
        forward.OriginalOffsetMs = forward.OffsetMs = -120_000;
        Assert.Equal(["{__name__=\"up\", job=\"a\"} => 7"], EngineRun.Lines(EngineRun.Instant(store, forward, 300_000)));
    }

    [Fact]
    public void At_modifier_fixes_the_read_time_for_every_step()
    {
        var store = new EngineTestStore().Series(Up, 60_000, 0, 1, 11);
        var sel = Sel("up");
        sel.AtMs = 240_000;
        Assert.Equal(["{__name__=\"up\", job=\"a\"} => 0:4 60000:4 120000:4"], EngineRun.MatrixLines(EngineRun.Range(store, sel, 0, 120_000, 60_000)));
    }

    [Fact]
    public void At_end_resolves_to_the_query_end()
    {
        var store = new EngineTestStore().Series(Up, 60_000, 0, 1, 11);
        var sel = Sel("up");
        sel.StartOrEnd = AtModifier.End;
        Assert.Equal(["{__name__=\"up\", job=\"a\"} => 0:2 60000:2 120000:2"], EngineRun.MatrixLines(EngineRun.Range(store, sel, 0, 120_000, 60_000)));
    }

    [Fact]
    public void Instant_range_selector_returns_points_in_the_left_open_window()
    {
        var store = new EngineTestStore().Series(Up, 60_000, 0, 1, 11);
        var result = EngineRun.Instant(store, Range(Sel("up"), TimeSpan.FromMinutes(2)), 300_000);
        Assert.Null(result.Error);
        Assert.Equal(ExprType.Matrix, result.Type);
        Assert.Equal([240_000L, 300_000L], result.Matrix!.Single().Floats.Select(p => p.T));
    }

    [Fact]
    public void Subquery_steps_are_aligned_to_the_epoch()
    {
        var store = new EngineTestStore().Series(Up, 10_000, 0, 1, 100);
        var sq = new SubqueryExpr(Sel("up")) { RangeMs = 60_000, StepMs = 20_000 };
        var result = EngineRun.Instant(store, sq, 95_000);
        Assert.Null(result.Error);
        // (35s, 95s]: steps at 40, 60, 80 s.
        Assert.Equal([40_000L, 60_000L, 80_000L], result.Matrix!.Single().Floats.Select(p => p.T));
        Assert.Equal([4.0, 6, 8], result.Matrix!.Single().Floats.Select(p => p.F));
    }

    [Fact]
    public void Subquery_without_step_uses_the_default_resolution()
    {
        var store = new EngineTestStore().Series(Up, 10_000, 0, 1, 100);
        var sq = new SubqueryExpr(Sel("up")) { RangeMs = 180_000 };
        var result = EngineRun.Instant(store, sq, 200_000);
        Assert.Equal([60_000L, 120_000L, 180_000L], result.Matrix!.Single().Floats.Select(p => p.T));
    }

    [Fact]
    public void Counts_samples_read_in_stats()
    {
        var store = new EngineTestStore().Series(Up, 60_000, 0, 1, 11);
        var result = EngineRun.Range(store, Sel("up"), 0, 600_000, 60_000);
        Assert.Equal(11, result.Stats.TotalQueryableSamples);
    }
}
