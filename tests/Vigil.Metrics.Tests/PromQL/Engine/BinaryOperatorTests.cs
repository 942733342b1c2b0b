using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Engine;
using static Vigil.Metrics.Tests.PromQL.Engine.Q;

namespace Vigil.Metrics.Tests.PromQL.Engine;

public class BinaryOperatorTests
{
    private static EngineTestStore Requests() => new EngineTestStore()
        .Add(Labels.Of("__name__", "req", "method", "get", "status", "200"), (0, 10))
        .Add(Labels.Of("__name__", "req", "method", "post", "status", "200"), (0, 20))
        .Add(Labels.Of("__name__", "req", "method", "get", "status", "500"), (0, 1))
        .Add(Labels.Of("__name__", "limit", "status", "200", "owner", "a"), (0, 100))
        .Add(Labels.Of("__name__", "limit", "status", "500", "owner", "b"), (0, 1000))
        .Add(Labels.Of("__name__", "other", "method", "get", "status", "200"), (0, 5));

    private static VectorMatching On(VectorMatchCardinality card, params string[] labels) =>
        new() { Cardinality = card, On = true, MatchingLabels = labels };

    [Fact]
    public void Arithmetic_matches_one_to_one_and_drops_the_name()
    {
        var result = EngineRun.Instant(Requests(), Bin(BinaryOperator.Add, Sel("req", ("method", "get"), ("status", "200")), Sel("other")), 0);
        Assert.Equal(["{method=\"get\", status=\"200\"} => 15"], EngineRun.Lines(result));
    }

    [Fact]
    public void Comparison_filters_and_keeps_the_name_bool_returns_zero_or_one_without_it()
    {
        var store = Requests();
        Assert.Equal(["{__name__=\"req\", method=\"post\", status=\"200\"} => 20"],
            EngineRun.Lines(EngineRun.Instant(store, Bin(BinaryOperator.Gtr, Sel("req"), Num(15)), 0)));
        Assert.Equal(
            ["{method=\"get\", status=\"200\"} => 0", "{method=\"get\", status=\"500\"} => 0", "{method=\"post\", status=\"200\"} => 1"],
            EngineRun.Set(EngineRun.Instant(store, Bin(BinaryOperator.Gtr, Sel("req"), Num(15), returnBool: true), 0)));
    }

    [Fact]
    public void Scalar_on_the_left_of_a_comparison_keeps_the_vector_value()
    {
        Assert.Equal(["{__name__=\"req\", method=\"get\", status=\"500\"} => 1"],
            EngineRun.Lines(EngineRun.Instant(Requests(), Bin(BinaryOperator.Gtr, Num(5), Sel("req")), 0)));
    }

    [Fact]
    public void Group_left_copies_included_labels_from_the_one_side()
    {
        var expr = Bin(BinaryOperator.Div, Sel("req"), Sel("limit"),
            new VectorMatching { Cardinality = VectorMatchCardinality.ManyToOne, On = true, MatchingLabels = ["status"], Include = ["owner"] });
        Assert.Equal(
            ["{method=\"get\", owner=\"a\", status=\"200\"} => 0.1", "{method=\"get\", owner=\"b\", status=\"500\"} => 0.001", "{method=\"post\", owner=\"a\", status=\"200\"} => 0.2"],
            EngineRun.Set(EngineRun.Instant(Requests(), expr, 0)));
    }

    [Fact]
    public void Many_to_many_matching_is_an_error_in_upstream_words()
    {
        var expr = Bin(BinaryOperator.Add, Sel("limit"), Sel("req"), On(VectorMatchCardinality.ManyToOne, "status"));
        var result = EngineRun.Instant(Requests(), expr, 0);
        Assert.Equal(QueryErrorKind.Execution, result.Error!.Kind);
        Assert.Equal(
            "found duplicate series for the match group {status=\"200\"} on the right hand-side of the operation: " +
            "[{__name__=\"req\", method=\"get\", status=\"200\"}, {__name__=\"req\", method=\"post\", status=\"200\"}];" +
            "many-to-many matching not allowed: matching labels must be unique on one side",
            result.Error.Message);
    }

    [Fact]
    public void One_to_one_with_several_matches_needs_group_modifier()
    {
        var expr = Bin(BinaryOperator.Add, Sel("req"), Sel("limit"), On(VectorMatchCardinality.OneToOne, "status"));
        var result = EngineRun.Instant(Requests(), expr, 0);
        Assert.Equal("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)", result.Error!.Message);
    }

    [Fact]
    public void Set_operators_follow_signatures()
    {
        var store = Requests();
        var ignoringMethod = new VectorMatching { Cardinality = VectorMatchCardinality.ManyToMany, On = true, MatchingLabels = ["status"] };
        Assert.Equal(2, EngineRun.Lines(EngineRun.Instant(store, Bin(BinaryOperator.And, Sel("req"), Sel("limit", ("owner", "a")), ignoringMethod), 0)).Count);
        Assert.Equal(["{__name__=\"req\", method=\"get\", status=\"500\"} => 1"],
            EngineRun.Lines(EngineRun.Instant(store, Bin(BinaryOperator.Unless, Sel("req"), Sel("limit", ("owner", "a")), ignoringMethod), 0)));
        var or = EngineRun.Lines(EngineRun.Instant(store, Bin(BinaryOperator.Or, Sel("req"), Sel("limit"), ignoringMethod), 0));
        Assert.Equal(3, or.Count); // both limits share a status with some req
    }

    [Fact]
    public void Fill_modifiers_stand_in_for_missing_sides()
    {
        var store = new EngineTestStore()
            .Add(Labels.Of("__name__", "l", "k", "a"), (0, 10))
            .Add(Labels.Of("__name__", "l", "k", "b"), (0, 20))
            .Add(Labels.Of("__name__", "r", "k", "a"), (0, 100))
            .Add(Labels.Of("__name__", "r", "k", "c"), (0, 400));
        var both = new VectorMatching { Cardinality = VectorMatchCardinality.OneToOne, FillLeft = 5, FillRight = 7 };
        Assert.Equal(["{k=\"a\"} => 110", "{k=\"b\"} => 27", "{k=\"c\"} => 405"],
            EngineRun.Set(EngineRun.Instant(store, Bin(BinaryOperator.Add, Sel("l"), Sel("r"), both), 0)));
        var rightOnly = new VectorMatching { Cardinality = VectorMatchCardinality.OneToOne, FillRight = 0 };
        Assert.Equal(["{k=\"a\"} => 110", "{k=\"b\"} => 20"],
            EngineRun.Set(EngineRun.Instant(store, Bin(BinaryOperator.Add, Sel("l"), Sel("r"), rightOnly), 0)));
    }

    [Fact]
    public void Delayed_name_removal_merges_series_that_end_up_equal()
    {
        var store = new EngineTestStore()
            .Add(Labels.Of("__name__", "a"), (0, 1))
            .Add(Labels.Of("__name__", "b"), (0, 3), (600_000, 4));
        var expr = Bin(BinaryOperator.Or, new UnaryExpr(true, Sel("a")), new UnaryExpr(true, Sel("b")));
        Assert.Equal(["{} => 0:-1 600000:-4"], EngineRun.MatrixLines(EngineRun.Range(store, expr, 0, 1_200_000, 600_000)));
    }

    [Fact]
    public void Same_labelset_after_name_removal_is_an_error_for_instant_queries()
    {
        var store = new EngineTestStore()
            .Add(Labels.Of("__name__", "a", "x", "1"), (0, 1))
            .Add(Labels.Of("__name__", "b", "x", "1"), (0, 3));
        var sel = new VectorSelector { Matchers = [Vigil.Metrics.Tsdb.Querying.Matcher.Equal("x", "1")] };
        var result = EngineRun.Instant(store, new UnaryExpr(true, sel), 0);
        Assert.Equal("vector cannot contain metrics with the same labelset", result.Error!.Message);
    }

    [Fact]
    public void Type_and_unit_labels_go_with_the_name()
    {
        var store = new EngineTestStore().Add(Labels.Of("__name__", "m", "__type__", "counter", "__unit__", "s", "k", "v"), (0, 2));
        Assert.Equal(["{k=\"v\"} => 4"], EngineRun.Lines(EngineRun.Instant(store, Bin(BinaryOperator.Mul, Sel("m"), Num(2)), 0)));
        Assert.Equal(["{k=\"v\"} => 4"], EngineRun.Lines(EngineRun.Instant(store, Bin(BinaryOperator.Add, Sel("m"), Sel("m")), 0)));
    }

    [Fact]
    public void Scalar_arithmetic_gives_a_scalar()
    {
        var result = EngineRun.Instant(new EngineTestStore(), Bin(BinaryOperator.Pow, Num(2), Num(10)), 1000);
        Assert.Null(result.Error);
        Assert.Equal(ExprType.Scalar, result.Type);
        Assert.Equal(1024, result.Scalar!.Value.V);
        Assert.Equal(1000, result.Scalar!.Value.T);
    }
}
