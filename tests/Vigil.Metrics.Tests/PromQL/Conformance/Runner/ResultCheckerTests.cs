using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Engine;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.Tests.PromQL.Conformance.Runner;

public class ResultCheckerTests
{
    private static EvalCommand Eval(string text) => Assert.IsType<EvalCommand>(ScriptParser.Parse("t.test", text).Commands[0]);

    private static Vector Vec(params (Labels L, double V)[] samples)
    {
        var v = new Vector();
        foreach (var (l, value) in samples) v.Add(new Sample(l, 0, value));
        return v;
    }

    private static readonly Labels A = Labels.Of("__name__", "m", "a", "1");
    private static readonly Labels B = Labels.Of("__name__", "m", "a", "2");

    [Fact]
    public void VectorsMatchByCompleteLabelSetInAnyOrder()
    {
        var cmd = Eval("eval instant at 0 m\n  m{a=\"1\"} 1\n  m{a=\"2\"} 2\n");
        Assert.Null(ResultChecker.CompareVector(cmd, Vec((B, 2), (A, 1.0000001))));
        Assert.Equal("expected 2 for {__name__=\"m\", a=\"2\"} but got 3", ResultChecker.CompareVector(cmd, Vec((A, 1), (B, 3))));
        Assert.StartsWith("expected metric {__name__=\"m\", a=\"2\"}", ResultChecker.CompareVector(cmd, Vec((A, 1))));
        // Without __name__ the label set differs.
        Assert.StartsWith("unexpected metric {a=\"1\"} in result", ResultChecker.CompareVector(cmd, Vec((Labels.Of("a", "1"), 1), (B, 2))));
    }

    [Fact]
    public void OrderedVectorsCompareByPosition()
    {
        var cmd = Eval("eval instant at 0 sort(m)\n  expect ordered\n  m{a=\"1\"} 1\n  m{a=\"2\"} 2\n");
        Assert.Null(ResultChecker.CompareVector(cmd, Vec((A, 1), (B, 2))));
        Assert.Equal("expected metric {__name__=\"m\", a=\"2\"} at position 2 but was at 1", ResultChecker.CompareVector(cmd, Vec((B, 2), (A, 1))));
    }

    [Fact]
    public void EmptyExpectationMeansEmptyResult()
    {
        var cmd = Eval("eval instant at 0 m\n");
        Assert.Null(ResultChecker.CompareVector(cmd, []));
        Assert.NotNull(ResultChecker.CompareVector(cmd, Vec((A, 1))));
    }

    [Fact]
    public void StaleAndNaNAreDistinguished()
    {
        var cmd = Eval("eval instant at 0 m\n  m{a=\"1\"} NaN\n");
        Assert.Null(ResultChecker.CompareVector(cmd, Vec((A, double.NaN))));
        Assert.NotNull(ResultChecker.CompareVector(cmd, Vec((A, StaleNaN.Value))));
    }

    [Fact]
    public void ScalarsAndKinds()
    {
        var cmd = Eval("eval instant at 0 scalar(m)\n  3\n");
        Assert.Null(ResultChecker.CompareResult(cmd, new QueryResult { Type = ExprType.Scalar, Scalar = new Scalar(0, 3) }));
        Assert.Equal("expected scalar 3 but got 4", ResultChecker.CompareScalar(cmd, 4));
        Assert.StartsWith("expected scalar result, but got vector", ResultChecker.CompareVector(cmd, Vec((A, 3))));
        Assert.StartsWith("expected vector or matrix result", ResultChecker.CompareScalar(Eval("eval instant at 0 m\n  m 1\n"), 1));
    }

    [Fact]
    public void StringsCompareWithTheExpectStringValue()
    {
        var cmd = Eval("eval instant at 0 \"x\"\n  expect string \"x\"\n");
        Assert.Null(ResultChecker.CompareResult(cmd, new QueryResult { Type = ExprType.String, String = new StringValue(0, "x") }));
        Assert.NotNull(ResultChecker.CompareResult(cmd, new QueryResult { Type = ExprType.String, String = new StringValue(0, "y") }));
    }

    private static RangeSeries Series(Labels l, params (long T, double V)[] points)
    {
        var s = new RangeSeries(l);
        foreach (var (t, v) in points) s.Floats.Add(new FPoint(t, v));
        return s;
    }

    [Fact]
    public void MatrixPointsSitOnTheGrid()
    {
        var cmd = Eval("eval range from 0 to 2m step 1m m\n  m{a=\"1\"} 1 _ 3\n  m{a=\"2\"} 1x2\n");
        var good = new Matrix { Series(A, (0, 1), (120_000, 3)), Series(B, (0, 1), (60_000, 1), (120_000, 1)) };
        Assert.Null(ResultChecker.CompareMatrix(cmd, good));

        var shifted = new Matrix { Series(A, (0, 1), (60_000, 3)), Series(B, (0, 1), (60_000, 1), (120_000, 1)) };
        Assert.StartsWith("expected float value at index 1 for {__name__=\"m\", a=\"1\"} to have timestamp 120000, but it had timestamp 60000", ResultChecker.CompareMatrix(cmd, shifted));

        var missing = new Matrix { Series(A, (0, 1)), Series(B, (0, 1), (60_000, 1), (120_000, 1)) };
        Assert.StartsWith("expected 2 float points and 0 histogram points for {__name__=\"m\", a=\"1\"}, but got 1 float point", ResultChecker.CompareMatrix(cmd, missing));
    }

    [Fact]
    public void MatrixMustBeSortedByLabels()
    {
        var cmd = Eval("eval range from 0 to 0 step 1m m\n  m{a=\"1\"} 1\n  m{a=\"2\"} 1\n");
        var unsorted = new Matrix { Series(B, (0, 1)), Series(A, (0, 1)) };
        Assert.StartsWith("matrix results should always be sorted by labels", ResultChecker.CompareMatrix(cmd, unsorted));
    }

    [Fact]
    public void MoreItemsThanTheGridHoldsIsAnError()
    {
        var cmd = Eval("eval range from 0 to 1m step 1m m\n  m{a=\"1\"} 1 2 3\n");
        Assert.Equal("expected 3 points for {__name__=\"m\", a=\"1\"}, but query time range cannot return this many points",
            ResultChecker.CompareMatrix(cmd, [Series(A, (0, 1), (60_000, 2))]));
    }

    [Fact]
    public void MatrixHistogramPointsCompareAsHistograms()
    {
        var cmd = Eval("eval range from 0 to 1m step 1m h\n  h {{count:2 sum:1}} _\n");
        var h = new RangeSeries(Labels.Of("__name__", "h")) { Histograms = [new HPoint(0, new FloatHistogram { Count = 2, Sum = 1 })] };
        Assert.Null(ResultChecker.CompareMatrix(cmd, [h]));
        h.Histograms[0] = new HPoint(0, new FloatHistogram { Count = 3, Sum = 1 });
        Assert.StartsWith("expected histogram value at index 0 (t=0)", ResultChecker.CompareMatrix(cmd, [h]));
    }

    [Fact]
    public void OrderedAgainstAMatrixFails()
    {
        var cmd = Eval("eval instant at 0 m\n  expect ordered\n");
        Assert.Equal("expected ordered result, but query returned a matrix", ResultChecker.CompareMatrix(cmd, []));
    }

    private static Annotations Annos(params (AnnotationKind Kind, string Detail, int Start)[] items)
    {
        var a = new Annotations();
        foreach (var (kind, detail, start) in items) a.Add(kind, detail, new PositionRange(start, start + 1));
        return a;
    }

    [Fact]
    public void AnnotationsRenderWithPositionsAndMatchBothWays()
    {
        var cmd = Eval("eval instant at 0 sum(m)\n  expect warn msg: PromQL warning: boom (1:5)\n  expect no_info\n");
        Assert.Null(ResultChecker.CheckAnnotations(cmd, Annos((AnnotationKind.Warning, "boom", 4)), "sum(m)"));
        Assert.StartsWith("expected warn annotation matching msg PromQL warning: boom (1:5) but no matching annotation was found",
            ResultChecker.CheckAnnotations(cmd, Annos((AnnotationKind.Warning, "boom", 0)), "sum(m)"));
        Assert.Equal("expected warn annotations but none were found", ResultChecker.CheckAnnotations(cmd, Annos(), "sum(m)"));
        Assert.Equal("unexpected warn annotation \"PromQL warning: other (1:1)\"",
            ResultChecker.CheckAnnotations(cmd, Annos((AnnotationKind.Warning, "boom", 4), (AnnotationKind.Warning, "other", 0)), "sum(m)"));
        Assert.StartsWith("unexpected info annotations", ResultChecker.CheckAnnotations(cmd, Annos((AnnotationKind.Warning, "boom", 4), (AnnotationKind.Info, "fyi", 0)), "sum(m)"));
    }

    [Fact]
    public void UncheckedAnnotationClassesAreIgnored()
    {
        var cmd = Eval("eval instant at 0 m\n");
        Assert.Null(ResultChecker.CheckAnnotations(cmd, Annos((AnnotationKind.Warning, "w", 0), (AnnotationKind.Info, "i", 0)), "m"));
        var regex = Eval("eval instant at 0 m\n  expect info regex: needed to be fixed .* \\(1:1\\)\n");
        Assert.Null(ResultChecker.CheckAnnotations(regex, Annos((AnnotationKind.Info, "input needed to be fixed for monotonicity", 0)), "m"));
    }

    [Fact]
    public void ExpectedFailures()
    {
        Assert.Null(ResultChecker.CheckExpectedFailure(Eval("eval instant at 0 m\n  expect fail\n"), "anything"));
        var msg = Eval("eval instant at 0 m\n  expect fail msg:vector cannot contain metrics with the same labelset\n");
        Assert.Null(ResultChecker.CheckExpectedFailure(msg, "vector cannot contain metrics with the same labelset"));
        Assert.NotNull(ResultChecker.CheckExpectedFailure(msg, "vector cannot contain metrics with the same labelset (1:1)"));
        Assert.Null(ResultChecker.CheckExpectedFailure(Eval("eval instant at 0 m\n  expect fail regex: conflicting label\n"), "found conflicting label: x"));
    }
}
