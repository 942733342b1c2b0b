using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.PromQL.Engine;

/// <summary>
/// Boundary points for the experimental <c>anchored</c> and <c>smoothed</c> range selectors (upstream
/// extendFloats, promql/engine.go): the window's points plus one point at each boundary. Anchored takes the
/// value of the last sample at or before the start (found within the lookback) and of the last sample
/// in the window; smoothed interpolates linearly between the samples around each boundary.
/// </summary>
internal static class ExtendedWindow
{
    /// <param name="floats">Points in (mint − lookback, maxt] (anchored) or (mint − lookback, maxt + lookback] (smoothed), ascending.</param>
    public static List<FPoint> Extend(List<FPoint> floats, long mint, long maxt, bool smoothed)
    {
        if (floats.Count == 0) return [];
        int last = floats.Count - 1;
        // Go's sort.Search over [0, last): the first index whose point is after mint, minus one, at least 0.
        int first = Math.Max(0, Search(last, i => floats[i].T > mint) - 1);
        if (smoothed) last = Search(last, i => floats[i].T >= maxt);
        if (floats[last].T <= mint) return [];

        double left = smoothed && floats[first].T < mint && first + 1 < floats.Count
            ? Interpolate(floats[first], floats[first + 1], mint)
            : floats[first].F;
        double right = smoothed && last > 0 && floats[last].T > maxt
            ? Interpolate(floats[last - 1], floats[last], maxt)
            : floats[last].F;

        if (floats[first].T <= mint) first++;
        if (floats[last].T >= maxt) last--;
        int count = Math.Max(last - first + 1, 0);
        var result = new List<FPoint>(count + 2) { new(mint, left) };
        for (int i = first; i <= last; i++) result.Add(floats[i]);
        result.Add(new FPoint(maxt, right));
        return result;
    }

    private static int Search(int n, Func<int, bool> pred)
    {
        int lo = 0, hi = n;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (!pred(mid)) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static double Interpolate(FPoint p1, FPoint p2, long t) =>
        p1.F + (p2.F - p1.F) * (t - p1.T) / (p2.T - p1.T);
}
