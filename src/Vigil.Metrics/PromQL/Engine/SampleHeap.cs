using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.PromQL.Engine;

/// <summary>
/// Go's container/heap operations over a sample list, step for step, so topk/bottomk/limitk pick and
/// order samples exactly as upstream does when values tie (upstream vectorByValueHeap and
/// vectorByReverseValueHeap: NaN is "less" than everything).
/// </summary>
internal static class SampleHeap
{
    public delegate bool Less(double a, double b);

    public static readonly Less ByValue = static (a, b) => double.IsNaN(a) || a < b;
    public static readonly Less ByReverseValue = static (a, b) => double.IsNaN(a) || a > b;

    public static void Push(List<Sample> h, Sample s, Less less)
    {
        h.Add(s);
        Up(h, h.Count - 1, less);
    }

    public static void Fix(List<Sample> h, int i, Less less)
    {
        if (!Down(h, i, h.Count, less)) Up(h, i, less);
    }

    private static void Up(List<Sample> h, int j, Less less)
    {
        while (true)
        {
            int i = (j - 1) / 2; // parent (Go truncates toward zero, so the root's parent is itself)
            if (i == j || !less(h[j].F, h[i].F)) break;
            (h[i], h[j]) = (h[j], h[i]);
            j = i;
        }
    }

    private static bool Down(List<Sample> h, int i0, int n, Less less)
    {
        int i = i0;
        while (true)
        {
            int j1 = 2 * i + 1;
            if (j1 >= n || j1 < 0) break;
            int j = j1;
            int j2 = j1 + 1;
            if (j2 < n && less(h[j2].F, h[j1].F)) j = j2;
            if (!less(h[j].F, h[i].F)) break;
            (h[i], h[j]) = (h[j], h[i]);
            i = j;
        }
        return i > i0;
    }

    /// <summary>
    /// sort.Sort(sort.Reverse(heap)): Go's pdqsort sorts up to 12 elements by insertion sort, which is what
    /// decides the order of ties in small results; the same insertion sort is used for any length here.
    /// </summary>
    public static void SortDescending(List<Sample> h, Less less)
    {
        for (int i = 1; i < h.Count; i++)
            for (int j = i; j > 0 && less(h[j - 1].F, h[j].F); j--)
                (h[j], h[j - 1]) = (h[j - 1], h[j]);
    }
}
