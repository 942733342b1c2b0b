using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Values;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.PromQL.Functions;

/// <summary>
/// absent() and absent_over_time(). absent() returns 1, labelled from the argument's equality matchers, when its
/// input vector is empty. absent_over_time() needs to know about every series of its range argument at a step,
/// which one per-series call cannot: as upstream (engine.go), the engine does it, emitting
/// <see cref="LabelsFor"/>'s labels with value 1 at each step where no series had a sample; the function itself
/// only reports presence, as upstream's <c>funcAbsentOverTime</c>.
/// </summary>
internal static class AbsentFunctions
{
    public static void Register(Dictionary<string, FunctionCall> registry)
    {
        registry["absent"] = static (v, _, args, h, _) =>
        {
            if (FunctionArgs.Vector(v, args, 0).Count > 0) return;
            h.Output.Add(new Sample(LabelsFor(args[0]), h.Timestamp, 1));
        };
        registry["absent_over_time"] = static (_, m, _, h, _) =>
        {
            if (m.Count > 0) h.Output.Add(new Sample(Labels.Empty, h.Timestamp, 1));
        };
    }

    /// <summary>
    /// Upstream's <c>createLabelsForAbsentFunction</c>: the labels a selector argument matches uniquely and
    /// exactly (equality matchers other than the name). A label matched twice, or by a non-equality matcher, is
    /// left out (historic behaviour: <c>absent(x{job="a",job="b"})</c> has no job label). Other expressions: none.
    /// </summary>
    public static Labels LabelsFor(Expr argument)
    {
        var selector = FunctionArgs.Unwrap(argument) switch
        {
            VectorSelector vs => vs,
            MatrixSelector ms => ms.Selector,
            _ => null,
        };
        if (selector is null) return Labels.Empty;
        var builder = new LabelsBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in selector.Matchers)
        {
            if (m.Name == Labels.MetricName) continue;
            if (m.Type == MatcherType.Equal && seen.Add(m.Name)) builder.Set(m.Name, m.Value);
            else builder.Del(m.Name);
        }
        return builder.Build();
    }
}
