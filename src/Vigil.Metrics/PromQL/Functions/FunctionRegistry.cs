namespace Vigil.Metrics.PromQL.Functions;

/// <summary>
/// Implementations by function name (aliases such as holt_winters included). The engine looks calls up here.
/// To add a function: implement a <see cref="FunctionCall"/> in the family file it belongs to and set it in that
/// family's <c>Register</c>; a new family gets one line in the constructor below.
/// </summary>
internal static partial class FunctionRegistry
{
    private static readonly Dictionary<string, FunctionCall> Implementations = Build();

    public static bool TryGet(string name, out FunctionCall call) => Implementations.TryGetValue(name, out call!);

    /// <summary>Every registered name, for tests that compare against the parser's function table.</summary>
    public static IEnumerable<string> Names => Implementations.Keys;

    private static Dictionary<string, FunctionCall> Build()
    {
        var registry = new Dictionary<string, FunctionCall>(StringComparer.Ordinal);
        RateFunctions.Register(registry);
        OverTimeFunctions.Register(registry);
        StatsOverTimeFunctions.Register(registry);
        TrendFunctions.Register(registry);
        MathFunctions.Register(registry);
        DateFunctions.Register(registry);
        ScalarFunctions.Register(registry);
        AbsentFunctions.Register(registry);
        SortFunctions.Register(registry);
        LabelFunctions.Register(registry);
        HistogramFunctions.Register(registry);
        InfoFunction.Register(registry);
        return registry;
    }
}
