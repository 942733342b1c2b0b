using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Vigil.TsdbCompare;

/// <summary>Median latency of one query at one window on one system, and what it returned (to check both agree).</summary>
internal sealed record QueryTiming(string Query, string Window, double MedianMs, double MinMs, double FirstMs, int Series, long Points, string? Error);

/// <summary>
/// Runs <see cref="QuerySet"/> against a server over HTTP (GET /api/v1/query_range, as Grafana does), one query at
/// a time. A first pass asks every query once (its time is kept as the "first run": a freshly started process, before
/// the runtime has compiled its query paths); then the harness waits until the server is idle (a .NET server's
/// background JIT finishes its tier-1 compiles), and each query gets <c>runs</c> timed runs. Times are the full
/// request until the last byte of the response is read (the JSON is then parsed, untimed, to compare results).
/// </summary>
internal static class QueryRun
{
    public static async Task<List<QueryTiming>> RunAsync(string baseUrl, long endMs, int runs, Func<Task> waitIdle, TextWriter log)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        var urls = new List<(string Name, string Window, string Url)>();
        foreach (var (name, query) in QuerySet.Queries)
        {
            foreach (var (window, span) in QuerySet.Windows)
            {
                long step = QuerySet.StepMs(span);
                long end = endMs / step * step;
                long start = end - (long)span.TotalMilliseconds;
                urls.Add((name, window, baseUrl + "/api/v1/query_range?query=" + Uri.EscapeDataString(query)
                    + "&start=" + Seconds(start) + "&end=" + Seconds(end) + "&step=" + Seconds(step)));
            }
        }

        var first = new List<(double Ms, int Series, long Points, string? Error)>(urls.Count);
        foreach (var (_, _, url) in urls)
        {
            var (ms, series, points, error) = await FetchAsync(client, url);
            first.Add((ms, series, points, error));
        }
        await waitIdle();

        var timings = new List<QueryTiming>();
        for (int u = 0; u < urls.Count; u++)
        {
            var (name, window, url) = urls[u];
            var (firstMs, series, points, error) = first[u];
            var samples = new List<double>(runs);
            for (int i = 0; i < runs && error is null; i++)
            {
                double ms;
                (ms, _, _, error) = await FetchAsync(client, url);
                samples.Add(ms);
            }
            double median = Report.Median(samples) ?? double.NaN;
            var timing = new QueryTiming(name, window, median, samples.Count > 0 ? samples.Min() : double.NaN, firstMs, series, points, error);
            timings.Add(timing);
            log.WriteLine($"  {name} @ {window}: median {median:N1} ms (first run {firstMs:N1} ms), {series} series, {points} points"
                + (error is null ? "" : $"; error {error}"));
        }
        return timings;
    }

    private static string Seconds(long ms) => (ms / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>
    /// Series and points in the matrix returned, or the error text, and the milliseconds until the whole body was
    /// read. The clock stops at the last byte: parsing the JSON and counting is the client's work, not the server's
    /// latency (it costs the harness ~10 ms for a 24,000-point answer on this machine, which would shrink every ratio
    /// towards 1).
    /// </summary>
    private static async Task<(double Ms, int Series, long Points, string? Error)> FetchAsync(HttpClient client, string url)
    {
        try
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead);
            byte[] body = await response.Content.ReadAsByteArrayAsync();
            double ms = clock.Elapsed.TotalMilliseconds;
            using var doc = JsonDocument.Parse(body);
            if (!response.IsSuccessStatusCode)
            {
                return (ms, 0, 0, $"{(int)response.StatusCode}: " + (doc.RootElement.TryGetProperty("error", out var e) ? e.GetString() : System.Text.Encoding.UTF8.GetString(body)));
            }
            var result = doc.RootElement.GetProperty("data").GetProperty("result");
            long points = 0;
            foreach (var series in result.EnumerateArray())
            {
                points += series.TryGetProperty("values", out var values) ? values.GetArrayLength() : 0;
            }
            return (ms, result.GetArrayLength(), points, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return (double.NaN, 0, 0, e.Message);
        }
    }
}
