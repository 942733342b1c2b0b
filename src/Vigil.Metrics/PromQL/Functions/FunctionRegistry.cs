namespace Vigil.Metrics.PromQL.Functions;

/// <summary>Implementations by function name (aliases such as holt_winters included). The engine looks calls up here.</summary>
internal static partial class FunctionRegistry
{
    private static readonly Dictionary<string, FunctionCall> Implementations = new(StringComparer.Ordinal);

    public static bool TryGet(string name, out FunctionCall call) => Implementations.TryGetValue(name, out call!);
}
