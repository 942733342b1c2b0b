using Vigil.Metrics.PromQL.Functions;
using Vigil.Metrics.PromQL.Parser;

namespace Vigil.Metrics.Tests.PromQL.Functions;

/// <summary>The registry and the parser's function table name the same functions.</summary>
public sealed class FunctionRegistryTests
{
    [Fact]
    public void Every_function_the_parser_accepts_has_an_implementation()
    {
        var missing = FunctionTable.All.Keys.Where(name => !FunctionRegistry.TryGet(name, out _)).Order().ToArray();
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_implementation_is_a_function_the_parser_accepts()
    {
        var unknown = FunctionRegistry.Names.Where(name => !FunctionTable.TryGet(name, out _)).Order().ToArray();
        Assert.Empty(unknown);
    }

    [Fact]
    public void Holt_winters_is_an_alias_of_double_exponential_smoothing()
    {
        Assert.True(FunctionRegistry.TryGet("holt_winters", out var alias));
        Assert.True(FunctionRegistry.TryGet("double_exponential_smoothing", out var name));
        Assert.Same(name, alias);
    }
}
