using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Functions;
using Vigil.Metrics.PromQL.Values;
using static Vigil.Metrics.Tests.PromQL.Functions.FunctionTestKit;

namespace Vigil.Metrics.Tests.PromQL.Functions;

/// <summary>Range functions run once per series per step: after the first call they must not allocate.</summary>
public sealed class AllocationTests
{
    private static readonly Matrix NoMatrix = [];

    [Theory]
    [InlineData("rate")]
    [InlineData("increase")]
    [InlineData("delta")]
    [InlineData("irate")]
    [InlineData("avg_over_time")]
    [InlineData("sum_over_time")]
    [InlineData("max_over_time")]
    [InlineData("stddev_over_time")]
    [InlineData("quantile_over_time")]
    [InlineData("mad_over_time")]
    [InlineData("changes")]
    [InlineData("resets")]
    [InlineData("deriv")]
    [InlineData("predict_linear")]
    [InlineData("last_over_time")]
    public void Steady_state_range_calls_do_not_allocate(string name)
    {
        Assert.True(FunctionRegistry.TryGet(name, out var call));
        var helper = new EvalNodeHelper { Timestamp = 10 * Minute, RangeStart = 0, RangeEnd = 10 * Minute };
        var series = new RangeSeries(Labels.Of("__name__", "m_total")) { Floats = Load(15_000, "0+3x39") };
        Matrix matrix = [series];
        Expr[] args = name switch
        {
            "quantile_over_time" => [Number(0.9), MatrixArg("m_total", 10 * Minute)],
            "predict_linear" => [MatrixArg("m_total", 10 * Minute), Number(60)],
            _ => [MatrixArg("m_total", 10 * Minute)],
        };
        Vector[] vectors = name switch
        {
            "quantile_over_time" => [ScalarVector(0.9), []],
            "predict_linear" => [[], ScalarVector(60)],
            _ => [[]],
        };
        var annotations = new Annotations();
        for (int i = 0; i < 10; i++) Run();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) Run();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"{name} allocated {allocated} bytes in 1000 calls");

        void Run()
        {
            helper.Output.Clear();
            call(vectors, matrix, args, helper, annotations);
        }
    }

    [Fact]
    public void Steady_state_histogram_quantile_does_not_allocate()
    {
        Assert.True(FunctionRegistry.TryGet("histogram_quantile", out var call));
        var helper = new EvalNodeHelper();
        var input = new Vector();
        foreach (var job in new[] { "a", "b", "c" })
            foreach (var (le, count) in new[] { ("0.1", 1.0), ("1", 5.0), ("10", 4.0), ("+Inf", 9.0) })
                input.Add(new Sample(Labels.Of("__name__", "h_bucket", "job", job, "le", le), 0, count));
        Expr[] args = [Number(0.9), new VectorSelector()];
        Vector[] vectors = [ScalarVector(0.9), input];
        var annotations = new Annotations();
        for (int i = 0; i < 10; i++) Run();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) Run();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"histogram_quantile allocated {allocated} bytes in 1000 calls");
        Assert.Equal(3, helper.Output.Count);

        void Run()
        {
            helper.Output.Clear();
            call(vectors, NoMatrix, args, helper, annotations);
        }
    }
}
