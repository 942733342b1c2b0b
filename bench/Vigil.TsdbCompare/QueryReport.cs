using System.Globalization;
using System.Text;

namespace Vigil.TsdbCompare;

/// <summary>The query benchmark's table: per query and window, each system's median latency and Vigil / Prometheus.</summary>
internal static class QueryReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Markdown(IReadOnlyList<SystemResult> results)
    {
        var prom = results.Where(r => r.System == "prometheus" && r.Error is null).ToList();
        var vigil = results.Where(r => r.System == "vigil" && r.Error is null).ToList();
        var sb = new StringBuilder();
        sb.AppendLine("| query | window | step | Prometheus median, ms | Vigil median, ms | Vigil / Prometheus | first run P / V, ms | series (P / V) | points (P / V) |");
        sb.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var ratios = new List<double>();
        int atOrBelow = 0, compared = 0;
        foreach (var (name, _) in QuerySet.Queries)
        {
            foreach (var (window, span) in QuerySet.Windows)
            {
                var p = Pick(prom, name, window);
                var v = Pick(vigil, name, window);
                double? pm = Median(p), vm = Median(v);
                string ratio = "n/a";
                if (pm is > 0 && vm is { } x)
                {
                    double r = x / pm.Value;
                    ratios.Add(r);
                    compared++;
                    atOrBelow += r <= 1 ? 1 : 0;
                    ratio = r.ToString("0.00", Inv) + "x";
                }
                var pf = p.FirstOrDefault();
                var vf = v.FirstOrDefault();
                sb.AppendLine(Inv, $"| {name} | {window} | {QuerySet.StepMs(span) / 1000} s | {Fmt(pm)} | {Fmt(vm)} | {ratio} | {Fmt(First(p))} / {Fmt(First(v))} | "
                    + $"{pf?.Series.ToString(Inv) ?? "-"} / {vf?.Series.ToString(Inv) ?? "-"} | {pf?.Points.ToString(Inv) ?? "-"} / {vf?.Points.ToString(Inv) ?? "-"} |");
            }
        }
        foreach (var t in results.SelectMany(r => r.Queries.Where(q => q.Error is not null).Select(q => (r.System, q))))
        {
            sb.AppendLine(Inv, $"\n{t.System}: {t.q.Query} @ {t.q.Window}: {t.q.Error}");
        }
        if (ratios.Count > 0)
        {
            double geomean = Math.Exp(ratios.Average(Math.Log));
            sb.AppendLine();
            sb.AppendLine(Inv, $"Vigil at or below Prometheus on {atOrBelow} of {compared} query/window pairs (target: all); "
                + $"geometric mean of Vigil / Prometheus {geomean:0.00}x (target: 0.50x or less).");
        }
        return sb.ToString();
    }

    private static List<QueryTiming> Pick(List<SystemResult> runs, string name, string window) =>
        runs.SelectMany(r => r.Queries).Where(q => q.Query == name && q.Window == window && q.Error is null).ToList();

    /// <summary>Median over runs (--repeat) of each run's median.</summary>
    private static double? Median(List<QueryTiming> timings) => Report.Median(timings.Select(t => t.MedianMs));

    /// <summary>Median over runs of the first-pass time (a freshly started server).</summary>
    private static double? First(List<QueryTiming> timings) => Report.Median(timings.Select(t => t.FirstMs));

    private static string Fmt(double? v) => v is { } x ? x.ToString("N1", Inv) : "n/a";
}
