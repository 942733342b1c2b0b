using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Parser;
using Xunit;

namespace Vigil.Metrics.Tests.PromQL.Parser;

public sealed class PrinterRoundTripTests
{
    /// <summary>Every grammar form, with the text upstream's String() prints for it.</summary>
    public static TheoryData<string, string> Forms() => new()
    {
        { "1", "1" },
        { "-1.5e3", "-1500" },
        { "0x1F", "31" },
        { "1_000", "1000" },
        { "Inf", "+Inf" },
        { "-inf", "-Inf" },
        { "NaN", "NaN" },
        { "5m", "5m" },
        { "1h30m", "1h30m" },
        { "\"a\\nb\"", "\"a\\nb\"" },
        { "'single'", "\"single\"" },
        { "`raw\\n`", "\"raw\\\\n\"" },
        { "foo", "foo" },
        { "foo{a=\"b\",c!=\"d\",e=~\"f.*\",g!~\"h\"}", "foo{a=\"b\",c!=\"d\",e=~\"f.*\",g!~\"h\"}" },
        { "{__name__=\"foo\"}", "{__name__=\"foo\"}" },
        { "{\"metric.name\", \"label.x\"=\"v\"}", "{\"label.x\"=\"v\",__name__=\"metric.name\"}" },
        { "foo:bar{a=\"b\",}", "foo:bar{a=\"b\"}" },
        { "foo[5m]", "foo[5m]" },
        { "foo[1800]", "foo[30m]" },
        { "foo offset 5m", "foo offset 5m" },
        { "foo offset -5m", "foo offset -5m" },
        { "foo[5m] offset 1h", "foo[5m] offset 1h" },
        { "foo @ 100", "foo @ 100.000" },
        { "foo @ start()", "foo @ start()" },
        { "foo[5m] @ end() offset 1m", "foo[5m] @ end() offset 1m" },
        { "foo offset 1m @ 10", "foo @ 10.000 offset 1m" },
        { "rate(foo[5m])[30m:1m]", "rate(foo[5m])[30m:1m]" },
        { "foo[30m:]", "foo[30m:]" },
        { "foo[1h:5m] offset 10m @ 1000", "foo[1h:5m] @ 1000.000 offset 10m" },
        { "a + b * c", "a + b * c" },
        { "(a + b) * c", "(a + b) * c" },
        { "a ^ b ^ c", "a ^ b ^ c" },
        { "-a ^ b", "-a ^ b" },
        { "a > bool 1", "a > bool 1" },
        { "a + on(x, y) b", "a + on (x, y) b" },
        { "a * ignoring(x) group_left(y) b", "a * ignoring (x) group_left (y) b" },
        { "a / on() group_right b", "a / on () group_right () b" },
        { "a and b or c unless d", "a and b or c unless d" },
        { "a atan2 b", "a atan2 b" },
        { "a + fill(0) b", "a + fill (0) b" },
        { "a + fill_left(1) fill_right(-Inf) b", "a + fill_left (1) fill_right (-Inf) b" },
        { "a * on(x) group_left fill_right(0.5) b", "a * on (x) group_left () fill_right (0.5) b" },
        { "h </ 2", "h </ 2" },
        { "h >/ 0.5", "h >/ 0.5" },
        { "sum(foo)", "sum(foo)" },
        { "sum by (a, b) (foo)", "sum by (a, b) (foo)" },
        { "sum(foo) without (a)", "sum without (a) (foo)" },
        { "sum by (\"a.b\") (foo)", "sum by (\"a.b\") (foo)" },
        { "topk(3, foo)", "topk(3, foo)" },
        { "count_values(\"v\", foo)", "count_values(\"v\", foo)" },
        { "quantile(0.9, foo)", "quantile(0.9, foo)" },
        { "limitk(2, foo)", "limitk(2, foo)" },
        { "limit_ratio(0.5, foo)", "limit_ratio(0.5, foo)" },
        { "label_replace(up, \"a\", \"$1\", \"b\", \"(.*)\")", "label_replace(up, \"a\", \"$1\", \"b\", \"(.*)\")" },
        { "time()", "time()" },
        { "holt_winters(foo[5m], 0.5, 0.5)", "holt_winters(foo[5m], 0.5, 0.5)" },
        { "info(up, {k=~\".+\"})", "info(up, {k=~\".+\"})" },
        { "foo[26m+4m]", "foo[26m + 4m]" },
        { "foo[(9m30s+30s)*3]", "foo[(9m30s + 30s) * 3]" },
        { "foo[step()]", "foo[step()]" },
        { "foo[min_of(step()+1,1h)]", "foo[min_of(step() + 1, 1h)]" },
        { "foo[29s+1s:5s+5s]", "foo[29s + 1s:5s + 5s]" },
        { "foo offset -step()", "foo offset -step()" },
        { "foo offset (-step()*2)", "foo offset (-step() * 2)" },
        { "foo offset max_of(3s,min_of(step(), 1s))", "foo offset max_of(3s, min_of(step(), 1s))" },
        { "foo offset range()", "foo offset range()" },
        { "foo offset (5)", "foo offset (5)" },
        { "foo offset -(5)", "foo offset -(5)" },
        { "foo[(5s)]", "foo[(5s)]" },
        { "foo[((1h))]", "foo[(1h)]" },
        { "foo[4s+4s:1s*2] offset (5s-8)", "foo[4s + 4s:1s * 2] offset (5s - 8)" },
        { "foo offset 5s-8", "foo offset 5s - 8" },
        { "foo offset -1^1", "foo offset -1s ^ 1" },
        { "foo offset -(1^2)", "foo offset -(1 ^ 2)" },
        { "foo[-2^2]", "foo[-2 ^ 2]" },
        { "foo[11s+10s-5*2^2]", "foo[11s + 10s - 5 * 2 ^ 2]" },
        { "foo[-(10s-5s)+20s]", "foo[-(10s - 5s) + 20s]" },
        { "foo[5m] anchored", "foo[5m] anchored" },
        { "foo smoothed", "foo smoothed" },
        { "foo @ 100 smoothed offset 5s", "foo @ 100.000 smoothed offset 5s" },
        { "end() - start()", "end() - start()" },
        { "metric * step()", "metric * step()" },
        { "min_of(3, 5)", "min_of(3, 5)" },
        { "-foo", "-foo" },
        { "+foo", "+foo" },
        { "sum(foo) # a comment", "sum(foo)" },
        { "by", "by" },
        { "sum + 1", "sum + 1" },
        { "fill + fill(0) other", "fill + fill (0) other" },
    };

    /// <summary>Upstream printer_test.go's TestExprString cases.</summary>
    public static TheoryData<string, string> UpstreamExprString() => new()
    {
        { "sum by() (task:errors:rate10s{job=\"s\"})", "sum(task:errors:rate10s{job=\"s\"})" },
        { "sum by(code) (task:errors:rate10s{job=\"s\"})", "sum by (code) (task:errors:rate10s{job=\"s\"})" },
        { "sum without() (task:errors:rate10s{job=\"s\"})", "sum without () (task:errors:rate10s{job=\"s\"})" },
        { "sum without(instance) (task:errors:rate10s{job=\"s\"})", "sum without (instance) (task:errors:rate10s{job=\"s\"})" },
        { "topk(5, task:errors:rate10s{job=\"s\"})", "topk(5, task:errors:rate10s{job=\"s\"})" },
        { "count_values(\"value\", task:errors:rate10s{job=\"s\"})", "count_values(\"value\", task:errors:rate10s{job=\"s\"})" },
        { "a - on() c", "a - on () c" },
        { "a - on(b) c", "a - on (b) c" },
        { "a - on(b) group_left(x) c", "a - on (b) group_left (x) c" },
        { "a - on(b) group_left(x, y) c", "a - on (b) group_left (x, y) c" },
        { "a - on(b) group_left c", "a - on (b) group_left () c" },
        { "a - on(b) group_left() (c)", "a - on (b) group_left () (c)" },
        { "a - ignoring(b) c", "a - ignoring (b) c" },
        { "a - ignoring() c", "a - c" },
        { "up > bool 0", "up > bool 0" },
        { "a offset 1m", "a offset 1m" },
        { "a offset -7m", "a offset -7m" },
        { "a{c=\"d\"}[5m] offset 1m", "a{c=\"d\"}[5m] offset 1m" },
        { "a[5m] offset 1m", "a[5m] offset 1m" },
        { "a[12m] offset -3m", "a[12m] offset -3m" },
        { "a[1h:5m] offset 1m", "a[1h:5m] offset 1m" },
        { "{__name__=\"a\"}", "{__name__=\"a\"}" },
        { "a{b!=\"c\"}[1m]", "a{b!=\"c\"}[1m]" },
        { "a{b=~\"c\"}[1m]", "a{b=~\"c\"}[1m]" },
        { "a{b!~\"c\"}[1m]", "a{b!~\"c\"}[1m]" },
        { "a @ 10", "a @ 10.000" },
        { "a[1m] @ 10", "a[1m] @ 10.000" },
        { "a @ start()", "a @ start()" },
        { "a @ end()", "a @ end()" },
        { "a[1m] @ start()", "a[1m] @ start()" },
        { "a[1m] @ end()", "a[1m] @ end()" },
    };

    [Theory]
    [MemberData(nameof(UpstreamExprString))]
    public void PrintsUpstreamExprStringCases(string query, string printed) => PrintsAsUpstreamAndRoundTrips(query, printed);

    [Theory]
    [MemberData(nameof(Forms))]
    public void PrintsAsUpstreamAndRoundTrips(string query, string printed)
    {
        var first = PromQlParser.Parse(query);
        Assert.Equal(printed, Printer.Print(first));
        var second = PromQlParser.Parse(Printer.Print(first));
        Assert.Equal(printed, Printer.Print(second));
    }

    [Fact]
    public void EveryConformanceExpressionRoundTrips()
    {
        var failures = new List<string>();
        foreach (var (file, line, expr) in ConformanceQueries.All())
        {
            string once = Printer.Print(PromQlParser.Parse(expr));
            try
            {
                string twice = Printer.Print(PromQlParser.Parse(once));
                if (twice != once) failures.Add($"{file}:{line}: {expr} => {once} => {twice}");
            }
            catch (ParseException ex)
            {
                failures.Add($"{file}:{line}: {expr} => {once} => {ex.Message}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
    }
}
