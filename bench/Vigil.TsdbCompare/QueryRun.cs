using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Vigil.TsdbCompare;

/// <summary>Median latency of one query at one window on one system, and what it returned (to check both agree).</summary>
internal sealed record QueryTiming(string Query, string Window, double MedianMs, double MinMs, int Series, long Points, string? Error);

/// <summary>
/// Runs <see cref="QuerySet"/> against a server over HTTP (GET /api/v1/query_range, as Grafana does), one query at
/// a time: one untimed warm-up, then <c>runs</c> timed runs; the time is the full request, response read included.
/// </summary>
internal static class QueryRun
{
    public static async Task<List<QueryTiming>> RunAsync(string baseUrl, long endMs, int runs, TextWriter log)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        var timings = new List<QueryTiming>();
        foreach (var (name, query) in QuerySet.Queries)
        {
            foreach (var (window, span) in QuerySet.Windows)
            {
                long step = QuerySet.StepMs(span);
                long end = endMs / step * step;
                long start = end - (long)span.TotalMilliseconds;
                string url = baseUrl + "/api/v1/query_range?query=" + Uri.EscapeDataString(query)
                    + "&start=" + Seconds(start) + "&end=" + Seconds(end) + "&step=" + Seconds(step);
                var (series, points, error) = await FetchAsync(client, url);
                var samples = new List<double>(runs);
                for (int i = 0; i < runs && error is null; i++)
                {
                    var clock = Stopwatch.StartNew();
                    (_, _, error) = await FetchAsync(client, url);
                    samples.Add(clock.Elapsed.TotalMilliseconds);
                }
                double median = Report.Median(samples) ?? double.NaN;
                var timing = new QueryTiming(name, window, median, samples.Count > 0 ? samples.Min() : double.NaN, series, points, error);
                timings.Add(timing);
                log.WriteLine($"  {name} @ {window}: median {median:N1} ms, {series} series, {points} points" + (error is null ? "" : $"; error {error}"));
            }
        }
        return timings;
    }

    private static string Seconds(long ms) => (ms / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Series and points in the matrix returned, or the error text.</summary>
    private static async Task<(int Series, long Points, string? Error)> FetchAsync(HttpClient client, string url)
    {
        try
        {
            using var response = await client.GetAsync(url);
            string body = await response.Content.ReadAsStringAsync();
            using var doc = JsonDocument.Parse(body);
            if (!response.IsSuccessStatusCode)
            {
                return (0, 0, $"{(int)response.StatusCode}: " + (doc.RootElement.TryGetProperty("error", out var e) ? e.GetString() : body));
            }
            var result = doc.RootElement.GetProperty("data").GetProperty("result");
            long points = 0;
            foreach (var series in result.EnumerateArray())
            {
                points += series.TryGetProperty("values", out var values) ? values.GetArrayLength() : 0;
            }
            return (result.GetArrayLength(), points, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return (0, 0, e.Message);
        }
    }
}
