using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.PromQL.Functions;

/// <summary>
/// Calendar fields in UTC: minute, hour, day_of_week, day_of_month, day_of_year, days_in_month, month, year.
/// Without an argument they read the evaluation time; with one, each float sample's value as Unix seconds
/// (truncated toward zero, as Go's <c>time.Unix(int64(v), 0)</c>), dropping the metric name. Upstream:
/// promql/functions.go (<c>dateWrapper</c>).
/// </summary>
internal static class DateFunctions
{
    public static void Register(Dictionary<string, FunctionCall> registry)
    {
        Date(registry, "minute", static t => t.Minute);
        Date(registry, "hour", static t => t.Hour);
        Date(registry, "day_of_week", static t => t.DayOfWeek);
        Date(registry, "day_of_month", static t => t.Day);
        Date(registry, "day_of_year", static t => t.DayOfYear);
        Date(registry, "days_in_month", static t => t.DaysInMonth);
        Date(registry, "month", static t => t.Month);
        Date(registry, "year", static t => t.Year);
    }

    private static void Date(Dictionary<string, FunctionCall> registry, string name, Func<CivilTime, long> field) =>
        registry[name] = (vectorArgs, _, args, helper, _) => Apply(vectorArgs, args, helper, field);

    private static void Apply(IReadOnlyList<Vector> vectorArgs, IReadOnlyList<Expr> args, EvalNodeHelper helper, Func<CivilTime, long> field)
    {
        if (args.Count == 0)
        {
            // Go's integer division truncates toward zero; so does C#'s.
            helper.Output.Add(new Sample(Labels.Empty, helper.Timestamp, field(CivilTime.FromUnixSeconds(helper.Timestamp / 1000))));
            return;
        }
        foreach (var s in FunctionArgs.Vector(vectorArgs, args, 0))
        {
            if (s.H is not null) continue;
            helper.Output.Add(new Sample(s.Metric, helper.Timestamp, field(CivilTime.FromUnixSeconds(ToUnixSeconds(s.F)))) { DropName = true });
        }
    }

    /// <summary>Go's float64-to-int64 conversion on amd64: truncation; NaN and out-of-range values become the minimum int64.</summary>
    private static long ToUnixSeconds(double v) =>
        double.IsNaN(v) || v >= 9.2233720368547758e18 || v < -9.2233720368547758e18 ? long.MinValue : (long)v;
}

/// <summary>
/// UTC calendar fields of a Unix second over the whole int64 range (proleptic Gregorian, as Go's <c>time</c>;
/// .NET's DateTime stops at year 9999). Days-to-civil conversion after H. Hinnant's <c>civil_from_days</c>.
/// </summary>
internal readonly record struct CivilTime(long Year, int Month, int Day, int Hour, int Minute, int DayOfWeek, int DayOfYear)
{
    public int DaysInMonth => Month == 2 ? (IsLeap(Year) ? 29 : 28) : Month is 4 or 6 or 9 or 11 ? 30 : 31;

    public static CivilTime FromUnixSeconds(long seconds)
    {
        long days = FloorDiv(seconds, 86400);
        long secondOfDay = seconds - days * 86400;
        // 1970-01-01 was a Thursday (4).
        int dayOfWeek = (int)(((days % 7) + 11) % 7);
        long z = days + 719468;
        long era = FloorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int)(doy - (153 * mp + 2) / 5 + 1);
        int month = (int)(mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        int dayOfYear = CumulativeDays[month - 1] + day + (month > 2 && IsLeap(year) ? 1 : 0);
        return new CivilTime(year, month, day, (int)(secondOfDay / 3600), (int)(secondOfDay % 3600 / 60), dayOfWeek, dayOfYear);
    }

    private static readonly int[] CumulativeDays = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

    private static bool IsLeap(long y) => y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);

    private static long FloorDiv(long a, long b)
    {
        long q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }
}
