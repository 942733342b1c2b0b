using System.Text;
using System.Text.Json;
using CsCheck;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Parser;
using Vigil.Testing;
using Xunit;

namespace Vigil.Metrics.Tests.PromQL.Parser;

/// <summary>
/// Property tests: whatever the input, the parser either returns a tree or throws <see cref="ParseException"/>
/// with a position inside the input, and every tree it returns prints, pretty-prints and serialises to JSON.
/// </summary>
public sealed class ParserFuzzTests
{
    private static readonly string[] Seeds = ConformanceQueries.All().Select(q => q.Expr).Distinct().ToArray();

    private static readonly byte[][] Fragments = new[]
    {
        "(", ")", "[5m]", "[5m:1m]", "[", "]", "{", "}", " offset 5m", " offset -", " @ ", "start()", " by (a)", " without ",
        " + ", " / on(a) group_left(b) ", " fill(0) ", " bool ", " and ", "\"", "'", "`", "\\", "#", "\n", "1e", "0x", "Inf",
        "sum(", "rate(", ",", "=~", "!~", " anchored", " smoothed", "step()", "min_of(", "</", ">/", "^", "-", "5s+", ":", "::",
    }.Select(Encoding.UTF8.GetBytes).ToArray();

    private static void CheckOne(string query)
    {
        Expr e;
        try
        {
            e = PromQlParser.Parse(query);
        }
        catch (ParseException ex)
        {
            Assert.InRange(ex.Position.Start, 0, query.Length);
            Assert.InRange(ex.Position.End, ex.Position.Start, query.Length);
            Assert.Contains(": parse error: ", ex.Message, StringComparison.Ordinal);
            return;
        }
        string printed = Printer.Print(e);
        Assert.Equal(printed, Printer.Print(PromQlParser.Parse(printed)));
        Assert.Equal(printed, Printer.Print(PromQlParser.Parse(Printer.Pretty(e, 10))));
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            AstJson.Write(w, e);
        }
        using var doc = JsonDocument.Parse(ms.ToArray());
    }

    [Fact]
    public void RandomStringsOverThePromQlAlphabet()
    {
        Gen.String[Gen.Char["abfmsxyz019_:.{}[]()=!~<>+-*/%^@,\"'`\\# \n"], 0, 40]
            .Sample(CheckOne, iter: 10_000, threads: 1);
    }

    [Fact]
    public void RandomUnicodeStrings()
    {
        Gen.String.Sample(CheckOne, iter: 5_000, threads: 1);
    }

    [Fact]
    public void MutatedConformanceQueries()
    {
        var valid = Gen.Int[0, Seeds.Length - 1].Select(i => Encoding.UTF8.GetBytes(Seeds[i]));
        Mutations.Of(valid, Fragments).Sample(bytes => CheckOne(Encoding.UTF8.GetString(bytes)), iter: 10_000, threads: 1);
    }

    [Fact]
    public void SelectorParsingNeverThrowsAnythingElse()
    {
        Gen.String[Gen.Char["abc_:{}=!~\"',. 1"], 0, 30].Sample(text =>
        {
            try
            {
                PromQlParser.ParseSelector(text);
            }
            catch (ParseException ex)
            {
                Assert.InRange(ex.Position.Start, 0, text.Length);
            }
        }, iter: 5_000, threads: 1);
    }

    [Theory]
    [InlineData(100_000, "(", "1", ")")]
    [InlineData(100_000, "-", "1", "")]
    [InlineData(100_000, "sum(", "x", ")")]
    [InlineData(50_000, "x[5m:][", "1m", "]")]
    public void DeepNestingIsAParseErrorNotAStackOverflow(int depth, string open, string middle, string close)
    {
        string query = string.Concat(Enumerable.Repeat(open, depth)) + middle + string.Concat(Enumerable.Repeat(close, depth));
        var ex = Assert.Throws<ParseException>(() => PromQlParser.Parse(query));
        Assert.InRange(ex.Position.Start, 0, query.Length);
    }

    [Fact]
    public void LongOperatorChainsBeyondTheDepthLimitAreRejected()
    {
        string ok = "a" + string.Concat(Enumerable.Repeat(" or a", 1000));
        Assert.Equal(ok, Printer.Print(PromQlParser.Parse(ok)));
        string tooDeep = "a" + string.Concat(Enumerable.Repeat(" or a", 5000));
        var ex = Assert.Throws<ParseException>(() => PromQlParser.Parse(tooDeep));
        Assert.Contains("nested too deeply", ex.Message, StringComparison.Ordinal);
    }
}
