namespace Vigil.Metrics.Tests.PromQL.Conformance.Runner;

public class ClassificationTests
{
    private static Dictionary<int, string?> Classify(string text) =>
        ConformanceCorpus.Classify(ScriptParser.Parse("t.test", text)).ToDictionary(c => c.Eval.Line, c => c.SkipCategory);

    [Fact]
    public void HistogramNamesCountUntilClear()
    {
        var result = Classify("""
            load 1m
              h {{schema:0 sum:1 count:1}}
              f 1

            eval instant at 0 rate(h[1m])

            eval instant at 0 f

            eval instant at 0 {__name__=~"h|x"}

            eval instant at 0 {job="a"}

            eval instant at 0 {__name__="f"}

            eval instant at 0 label_replace(f, "h", "x", "", "")

            clear
            eval instant at 0 h
            """);
        Assert.Equal(SkipCategory.NativeHistograms, result[5]);
        Assert.Null(result[7]);
        Assert.Equal(SkipCategory.NativeHistograms, result[9]);
        Assert.Equal(SkipCategory.NativeHistograms, result[11]); // a nameless selector may select the histogram
        Assert.Null(result[13]);
        Assert.Null(result[15]); // "h" only inside a string literal
        Assert.Null(result[18]);
    }

    [Fact]
    public void ExpectedHistogramLiteralsAndNhcbBaseNames()
    {
        var result = Classify("""
            load_with_nhcb 1m
              x_bucket{le="1"} 1
              x_bucket{le="+Inf"} 2
              x_count 2

            eval instant at 0 histogram_quantile(0.5, x)

            eval instant at 0 histogram_quantile(0.5, x_bucket)

            eval instant at 0 vector(1)
              {} {{count:1}}
            """);
        Assert.Equal(SkipCategory.NativeHistograms, result[6]);
        Assert.Null(result[8]);
        Assert.Equal(SkipCategory.NativeHistograms, result[10]);
    }

    [Fact]
    public void StartTimestampsAreSkippedUntilClear()
    {
        var result = Classify("load 1m\n  m@st -1s\n  m 1\n\neval instant at 0 m\n\nclear\neval instant at 0 m\n");
        Assert.Equal(SkipCategory.StartTimestamps, result[5]);
        Assert.Null(result[8]);
        Assert.All(ConformanceCorpus.Classify(ScriptParser.Parse("start_timestamps.test", "eval instant at 0 m\n")), c => Assert.Equal(SkipCategory.StartTimestamps, c.SkipCategory));
    }

    [Fact]
    public void KnownFailuresRoundTripSortedByFileAndLine()
    {
        string text = KnownFailures.Format(new Dictionary<string, string>
        {
            ["b.test:10"] = "second\nline",
            ["a.test:100"] = "x",
            ["a.test:9"] = new string('y', 500),
        });
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).ToList();
        Assert.Equal(["a.test:9", "a.test:100", "b.test:10"], lines.Select(l => l[..l.IndexOf(' ')]));
        var parsed = KnownFailures.Parse(text);
        Assert.Equal("second line", parsed["b.test:10"]);
        Assert.Equal(240, parsed["a.test:9"].Length);
    }
}
