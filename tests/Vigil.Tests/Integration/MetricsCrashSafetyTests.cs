using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Metrics.Tsdb;
using Vigil.Metrics.Tsdb.Querying;
using Vigil.Tests.Support;

namespace Vigil.Tests.Integration;

/// <summary>
/// The metrics store's durability promise, end to end: remote write requests acknowledged by a Vigil that is
/// then killed with SIGKILL are all there after a restart, each request wholly or not at all, nothing twice.
/// </summary>
public class MetricsCrashSafetyTests
{
    private const int SeriesPerRequest = 40;

    [Fact]
    public async Task Acknowledged_remote_writes_survive_kill_9()
    {
        string dataDir = Path.Combine(Path.GetTempPath(), "vigil-crash-" + Guid.NewGuid().ToString("N"));
        try
        {
            var acked = new ConcurrentBag<int>();
            var sent = new ConcurrentBag<int>();
            await using (var vigil = VigilProcess.Start(["--role", "metrics"], dataDir))
            {
                await vigil.WaitReadyAsync();
                var target = vigil.Address("prometheus");
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                using var killAfter = new CancellationTokenSource();
                int next = -1;
                // Four writers, each request one sample for each of 40 series of its writer; request n has timestamp n.
                var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
                {
                    while (!killAfter.IsCancellationRequested)
                    {
                        int n = Interlocked.Increment(ref next);
                        sent.Add(n);
                        try
                        {
                            using var response = await http.SendAsync(RemoteWriteRequests.Post(target, Request(w, n)));
                            if (response.StatusCode == HttpStatusCode.NoContent) acked.Add(n);
                            else if (!killAfter.IsCancellationRequested)
                                Assert.Fail($"request {n}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        }
                        catch (HttpRequestException) when (killAfter.IsCancellationRequested || vigil.Process.HasExited)
                        {
                            return;
                        }
                    }
                })).ToArray();
                // Kill mid-stream once a good number of requests were acknowledged.
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (acked.Count < 300 && DateTime.UtcNow < deadline) await Task.Delay(10);
                vigil.Signal(9);
                killAfter.Cancel();
                await vigil.WaitForExitAsync(TimeSpan.FromSeconds(10));
                await Task.WhenAll(writers);
                Assert.True(acked.Count >= 300, "not enough requests were acknowledged before the kill:\n" + vigil.Output);
            }

            // A restart must work on the crashed directory (lock released by the OS, WAL replayed).
            await using (var again = VigilProcess.Start(["--role", "metrics"], dataDir))
            {
                await again.WaitReadyAsync();
                Assert.Contains("WAL replay completed", again.Output, StringComparison.Ordinal);
                again.Signal(15);
                var (code, output) = await again.WaitForExitAsync(TimeSpan.FromSeconds(30));
                Assert.True(code == 0, output);
            }

            await using var db = Db.Open(new DbOptions { Directory = Path.Combine(dataDir, "metrics") }, NullLogger.Instance);
            var present = new Dictionary<int, int>(); // request → samples found
            using (var q = db.Querier(long.MinValue, long.MaxValue))
            {
                foreach (var s in q.Select(false, [Matcher.Equal("__name__", "crash_test")]))
                {
                    var it = s.Iterator();
                    var seen = new HashSet<long>();
                    while (it.Next() != ValueKind.None)
                    {
                        Assert.True(seen.Add(it.AtT()), $"duplicate sample at {it.AtT()} in {s.Labels}");
                        int n = (int)it.AtT();
                        present[n] = present.GetValueOrDefault(n) + 1;
                    }
                }
            }
            foreach (int n in acked) Assert.True(present.GetValueOrDefault(n) == SeriesPerRequest, $"acknowledged request {n} has {present.GetValueOrDefault(n)} of {SeriesPerRequest} samples");
            foreach (var (n, count) in present) Assert.True(count == SeriesPerRequest, $"request {n} is partly stored ({count} samples)");
        }
        finally
        {
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
        }
    }

    private static byte[] Request(int writer, int n) => RemoteWriteRequests.Encode(Enumerable.Range(0, SeriesPerRequest).Select(s =>
        ((IReadOnlyList<(string, string)>)[("__name__", "crash_test"), ("writer", writer.ToString(CultureInfo.InvariantCulture)), ("s", s.ToString(CultureInfo.InvariantCulture))],
         (IReadOnlyList<(long, double)>)[(n, n * 0.5)])));
}
