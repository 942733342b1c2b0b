using System.Runtime.InteropServices;
using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.PromQL.Functions;

/// <summary>
/// sort, sort_desc (by value, NaN last, histograms dropped) and sort_by_label, sort_by_label_desc (by the named
/// labels in natural order, then by the whole label set). Order only matters for instant queries. Upstream:
/// promql/functions.go. Go sorts short inputs (up to 12) by insertion sort, which keeps ties in input order;
/// this does the same for every length.
/// </summary>
internal static class SortFunctions
{
    public static void Register(Dictionary<string, FunctionCall> registry)
    {
        // The "sort is ineffective for range queries" warning needs the call's position: the engine emits it.
        registry["sort"] = static (v, _, args, h, _) => SortByValue(FunctionArgs.Vector(v, args, 0), h, descending: false);
        registry["sort_desc"] = static (v, _, args, h, _) => SortByValue(FunctionArgs.Vector(v, args, 0), h, descending: true);
        registry["sort_by_label"] = static (v, _, args, h, _) => SortByLabel(FunctionArgs.Vector(v, args, 0), args, h, descending: false);
        registry["sort_by_label_desc"] = static (v, _, args, h, _) => SortByLabel(FunctionArgs.Vector(v, args, 0), args, h, descending: true);
    }

    private static void SortByValue(Vector input, EvalNodeHelper helper, bool descending)
    {
        foreach (var s in input)
            if (s.H is null) helper.Output.Add(s);
        var span = CollectionsMarshal.AsSpan(helper.Output);
        // Upstream's "less": NaN sorts after everything (and a NaN moves ahead of an earlier NaN, as Go's insertion sort does).
        if (descending) InsertionSort(span, static (a, b) => double.IsNaN(b.F) || b.F < a.F);
        else InsertionSort(span, static (a, b) => double.IsNaN(b.F) || a.F < b.F);
    }

    private static void SortByLabel(Vector input, IReadOnlyList<Expr> args, EvalNodeHelper helper, bool descending)
    {
        var names = new string[args.Count - 1];
        for (int i = 1; i < args.Count; i++) names[i - 1] = FunctionArgs.String(args, i);
        helper.Output.AddRange(input);
        var span = CollectionsMarshal.AsSpan(helper.Output);
        InsertionSort(span, (a, b) => Compare(a.Metric, b.Metric, names, descending) < 0);
    }

    private static int Compare(Labels a, Labels b, string[] names, bool descending)
    {
        foreach (var name in names)
        {
            string va = a.Get(name), vb = b.Get(name);
            if (va == vb) continue;
            bool less = NaturalOrder.Less(va, vb);
            return descending ? (less ? 1 : -1) : (less ? -1 : 1);
        }
        // All named labels equal: the full label set decides, for a stable order.
        int c = Labels.Compare(a, b);
        return descending ? -c : c;
    }

    /// <summary>Go's insertionSort: moves each element left while it is "less" than its predecessor.</summary>
    private static void InsertionSort(Span<Sample> data, Func<Sample, Sample, bool> less)
    {
        for (int i = 1; i < data.Length; i++)
            for (int j = i; j > 0 && less(data[j], data[j - 1]); j--)
                (data[j], data[j - 1]) = (data[j - 1], data[j]);
    }
}
