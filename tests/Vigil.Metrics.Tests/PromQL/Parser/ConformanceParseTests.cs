using Vigil.Metrics.PromQL.Parser;
using Xunit;

namespace Vigil.Metrics.Tests.PromQL.Parser;

public sealed class ConformanceParseTests
{
    [Fact]
    public void EveryConformanceEvalExpressionParses()
    {
        var all = ConformanceQueries.All().ToList();
        Assert.Equal(2214, all.Count);
        var failures = new List<string>();
        foreach (var (file, line, expr) in all)
        {
            try
            {
                PromQlParser.Parse(expr);
            }
            catch (ParseException ex)
            {
                failures.Add($"{file}:{line}: {expr}  =>  {ex.Message}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {all.Count} did not parse:\n" + string.Join("\n", failures.Take(60)));
    }
}
