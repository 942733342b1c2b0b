using CsCheck;
using Vigil.Metrics.Model;

namespace Vigil.Metrics.Tests.PromQL.Conformance.Runner;

public class ScriptParserTests
{
    private static ScriptFile Parse(string text) => ScriptParser.Parse("t.test", text);

    [Fact]
    public void ReadsCommandsInOrderWithLines()
    {
        var file = Parse("""
            # comment
            load 5m
              m{a="1"} 0+10x2
            	m{a="2"} 1 _ 3

            clear
            eval instant at 10m m
              m{a="1"} 20
            """);
        Assert.Collection(file.Commands,
            c =>
            {
                var load = Assert.IsType<LoadCommand>(c);
                Assert.Equal(2, load.Line);
                Assert.Equal(300_000, load.StepMs);
                Assert.False(load.WithNhcb);
                Assert.Equal(2, load.Series.Count);
            },
            c => Assert.Equal(6, Assert.IsType<ClearCommand>(c).Line),
            c =>
            {
                var eval = Assert.IsType<EvalCommand>(c);
                Assert.Equal(7, eval.Line);
                Assert.Equal("m", eval.Expr);
                Assert.Equal(600_000, eval.EvalTimeMs);
                Assert.False(eval.IsRange);
                Assert.Equal(20, eval.ExpectedSeries[Labels.Of("__name__", "m", "a", "1")].Values[0].Value);
            });
    }

    [Fact]
    public void ACommentEndsABlock()
    {
        // The line after the comment is a new command, and "m 1" is not one.
        var e = Assert.Throws<ScriptException>(() => Parse("load 1m\n  a 1\n# note\n  m 1\n"));
        Assert.Equal("t.test:4: invalid command \"m 1\"", e.Message);
    }

    [Fact]
    public void LaterSeriesLineWithTheSameLabelsWins()
    {
        var load = Assert.IsType<LoadCommand>(Parse("load 1m\n m 1 2\n m 3\n").Commands[0]);
        Assert.Equal("3", string.Join(' ', Assert.Single(load.Series).Values));
    }

    [Fact]
    public void RangeEvalAndExpectations()
    {
        var eval = Assert.IsType<EvalCommand>(Parse("""
            eval range from 0 to 2m step 1m rate(m[5m])
              expect warn msg: PromQL warning: something (1:1)
              expect no_info
              expect fail regex:   bad.*thing
              {} 1 _ 3
            """).Commands[0]);
        Assert.True(eval.IsRange);
        Assert.Equal((0L, 120_000L, 60_000L), (eval.StartMs, eval.EndMs, eval.StepMs));
        Assert.Equal("rate(m[5m])", eval.Expr);
        Assert.Equal("PromQL warning: something (1:1)", eval.OfKind(ExpectKind.Warn).Single().Message);
        Assert.Single(eval.OfKind(ExpectKind.NoInfo));
        Assert.True(eval.OfKind(ExpectKind.Fail).Single().Matches("a bad old thing"));
        Assert.True(eval.IsFail);
        Assert.Equal("1 _ 3", string.Join(' ', eval.ExpectedSeries[Labels.Empty].Values));
    }

    [Theory]
    [InlineData("42", 42.0)]
    [InlineData("0x1f", 31.0)]
    [InlineData("-1.5e3", -1500.0)]
    [InlineData("Inf", double.PositiveInfinity)]
    [InlineData("-inf", double.NegativeInfinity)]
    public void ScalarLinesEndTheBlock(string line, double expected)
    {
        var eval = Assert.IsType<EvalCommand>(Parse($"eval instant at 0 scalar(m)\n  {line}\n").Commands[0]);
        Assert.True(eval.ExpectScalar);
        Assert.Equal(expected, eval.ExpectedScalar);
    }

    [Fact]
    public void ExpectRangeVectorSetsTheGridAndTheEvalTime()
    {
        var eval = Assert.IsType<EvalCommand>(Parse("eval instant at 1m m[1m]\n  expect range vector from 10s to 1m step 10s\n  m 1 2 3 4 5 6\n").Commands[0]);
        Assert.True(eval.HasExpectRangeVector);
        Assert.True(eval.ExcludeFromRangeQuery);
        Assert.Equal((10_000L, 60_000L, 10_000L, 60_000L), (eval.StartMs, eval.EndMs, eval.StepMs, eval.EvalTimeMs));
    }

    [Fact]
    public void ExpectStringIsGoQuoted()
    {
        var eval = Assert.IsType<EvalCommand>(Parse("eval instant at 0 \"a\"\n  expect string \"tab\\there\"\n").Commands[0]);
        Assert.Equal("tab\there", eval.ExpectedString);
        Assert.True(eval.ExcludeFromRangeQuery);
    }

    [Fact]
    public void DeprecatedPrefixesAndFailMessages()
    {
        var file = Parse("eval_fail instant at 0 m\n  expected_fail_message boom\n\neval_ordered instant at 0 sort(m)\n  m 1\n");
        var fail = Assert.IsType<EvalCommand>(file.Commands[0]);
        Assert.True(fail.IsFail);
        Assert.Equal("boom", fail.ExpectedFailMessage);
        Assert.True(Assert.IsType<EvalCommand>(file.Commands[1]).IsOrdered);
    }

    [Fact]
    public void ExpectedSeriesKeepTheirPositions()
    {
        var eval = Assert.IsType<EvalCommand>(Parse("eval instant at 0 sort(m)\n  expect ordered\n  m{a=\"2\"} 1\n  m{a=\"1\"} 2\n").Commands[0]);
        Assert.True(eval.IsOrdered);
        Assert.Equal(1, eval.ExpectedSeries[Labels.Of("__name__", "m", "a", "2")].Position);
        Assert.Equal(2, eval.ExpectedSeries[Labels.Of("__name__", "m", "a", "1")].Position);
    }

    [Fact]
    public void StartTimestampLinesMarkTheirSeries()
    {
        var load = Assert.IsType<LoadCommand>(Parse("load 1m\n  m@st -30s -30sx1 _\n  m 1 2 3 4\n  n 1\n").Commands[0]);
        Assert.Equal([-30_000L, -30_000, -30_000, null], load.Series[0].StartOffsets!);
        Assert.False(load.Series[1].HasStartTimestamps);
        Assert.True(load.HasStartTimestamps);
    }

    [Theory]
    [InlineData("_ _x2 0", "_ _ _ 0")]
    [InlineData("-60s-1mx2", "-60000 -120000 -180000")]
    [InlineData("1ms+1msx1 *x1 *", "1 2 2 2 2")]
    [InlineData("-59999msx1 -0ms +1m", "-59999 -59999 0 60000")]
    public void StartTimestampItemsExpand(string items, string expected) =>
        Assert.Equal(expected, string.Join(' ', StartTimestampItems.Parse(items).Select(v => v?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "_")));

    [Fact]
    public void AStandaloneStartTimestampLineIsTheCycledDefault()
    {
        var load = Assert.IsType<LoadCommand>(Parse("load 1m\n  @st -1s _\n  m 1 2 3\n").Commands[0]);
        Assert.Equal([-1000L, null, -1000], load.Series[0].StartOffsets!);
    }

    [Theory]
    [InlineData("bogus", "t.test:1: invalid command \"bogus\"")]
    [InlineData("load", "t.test:1: invalid load command. (load[_with_nhcb] <step:duration>)")]
    [InlineData("load 5x", "t.test:1: invalid step definition \"5x\"")]
    [InlineData("eval instant at 0", "t.test:1: invalid evaluation command. Must be either 'eval[_fail|_warn|_ordered] instant [at <offset:duration>] <query>' or 'eval[_fail|_warn] range from <from> to <to> step <step> <query>'")]
    [InlineData("eval range from 2m to 1m step 1m m", "t.test:1: invalid test definition, end timestamp (1m) is before start timestamp (2m)")]
    [InlineData("eval instant at 0 m\n  m 1 2", "t.test:2: expecting multiple values in instant evaluation not allowed. consider using 'expect range vector' directive to enable a range vector result for an instant query")]
    [InlineData("eval instant at 0 m\n  expect warn\n  expect no_warn", "t.test:3: invalid expect lines, warn and no_warn cannot be used together")]
    [InlineData("eval instant at 0 m\n  expect fail\n  expect fail", "t.test:3: invalid expect lines, multiple expect fail lines are not allowed")]
    [InlineData("eval instant at 0 m\n  expect sometimes", "t.test:2: invalid expect statement, must match `expect <type> <match_type>: <string>` format")]
    [InlineData("eval instant at 0 m\n  expect string", "t.test:2: expected string literal not valid - a quoted string literal is required")]
    [InlineData("load 1m\n  m@st 1s 2s\n  m 1", "t.test:3: @st line has 2 values but sample line has 1")]
    [InlineData("load 1m\n  m@st 1s\n  n 1", "t.test:3: @st metric does not match the following sample line metric")]
    [InlineData("load 1m\n  m@st 1s", "t.test:2: @st line has no following sample line")]
    [InlineData("load 1m\n  m@st 1sy2\n  m 1", "t.test:2: invalid @st sequence: invalid ST item \"1sy2\": invalid duration definition \"1sy\"")]
    public void ScriptErrorsNameTheLine(string text, string message) =>
        Assert.Equal(message, Assert.Throws<ScriptException>(() => Parse(text)).Message);

    [Fact]
    public void TheSharedCorpusParsesWithTheCountsOfItsSourceFile()
    {
        var corpus = ConformanceCorpus.Instance;
        Assert.Equal(21, corpus.Files.Count);
        Assert.Equal(2214, corpus.Cases.Count);
        Assert.Equal(329, corpus.Cases.Count(c => c.Eval.IsRange));
        Assert.Equal(431, corpus.Cases.Count(c => c.File == "functions.test"));
        Assert.Equal(35, corpus.Cases.Count(c => c.Eval.IsFail));
        Assert.Equal(54, corpus.Cases.Count(c => c.Eval.ExpectScalar));
    }

    [Fact]
    public void NeverThrowsAnythingButScriptException()
    {
        var line = Gen.OneOf(
            Gen.Const(""), Gen.Const("# c"), Gen.Const("clear"), Gen.Const("load 1m"), Gen.Const("load_with_nhcb 5m"),
            Gen.Const("eval instant at 1m m"), Gen.Const("eval range from 0 to 1m step 1m m"), Gen.Const("eval_fail instant at 0 m"),
            Gen.Const("expect fail msg: x"), Gen.Const("expect warn regex: ("), Gen.Const("expect range vector from 0 to 1m step 1m"),
            Gen.Const("expect string \"x"), Gen.Const("expected_fail_message x"), Gen.Const("m@st 1s _x2"),
            Gen.String[Gen.Char["{}=\"',_ x0123456789+-.:@[]abmsInfNaN"], 0, 30]);
        line.Array[0, 12].Sample(lines =>
        {
            try
            {
                Parse(string.Join('\n', lines));
            }
            catch (ScriptException)
            {
            }
        });
    }
}
