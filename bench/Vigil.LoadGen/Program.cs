using System.Diagnostics;
using System.Globalization;
using Vigil.Benchmarks;
using Vigil.Otlp.Protobuf;

namespace Vigil.LoadGen;

/// <summary>
/// End-to-end OTLP load generator. Sends pre-encoded trace export requests (the benchmarks' 512 spans x 10
/// attributes payload, several variants with different trace ids) to a running Vigil over gRPC or HTTP with
/// N concurrent senders for a bounded time, and measures the Vigil process's CPU time from /proc/PID/stat.
/// Run <c>dotnet run -c Release --project bench/Vigil.LoadGen -- --help</c>.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        LoadGenOptions options;
        try
        {
            options = LoadGenOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            Console.Error.WriteLine(LoadGenOptions.Usage);
            return 2;
        }
        if (options.Help)
        {
            Console.WriteLine(LoadGenOptions.Usage);
            return 0;
        }
        if (!OperatingSystem.IsLinux())
        {
            Console.Error.WriteLine("error: Vigil's CPU time is read from /proc/PID/stat, which needs Linux");
            return 2;
        }

        VigilProcess? started = null;
        try
        {
            int pid;
            string endpoint;
            string? metricsUrl = options.MetricsUrl;
            if (options.Start)
            {
                started = await VigilProcess.StartAsync(options);
                pid = started.Pid;
                endpoint = options.Target == Target.Grpc
                    ? $"http://127.0.0.1:{options.OtlpGrpcPort}"
                    : $"http://127.0.0.1:{options.OtlpHttpPort}";
                metricsUrl ??= $"http://127.0.0.1:{options.CollectorMetricsPort}/metrics";
            }
            else
            {
                pid = options.Pid!.Value;
                endpoint = options.Endpoint ?? (options.Target == Target.Grpc ? "http://127.0.0.1:4317" : "http://127.0.0.1:4318");
            }
            if (!ProcessCpu.TryRead(pid, out _))
            {
                Console.Error.WriteLine($"error: cannot read /proc/{pid}/stat: is Vigil running with that pid?");
                return 2;
            }
            return await RunAsync(options, pid, endpoint, metricsUrl);
        }
        catch (LoadGenException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 1;
        }
        finally
        {
            started?.Dispose();
        }
    }

    private static async Task<int> RunAsync(LoadGenOptions options, int pid, string endpoint, string? metricsUrl)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"building {options.Variants} payload variants of {options.Spans} spans x {Payloads.SpanAttributeCount} attributes...");
        var payloads = new byte[options.Variants][];
        for (int i = 0; i < payloads.Length; i++)
        {
            payloads[i] = OtlpProtobufEncoder.EncodeTraces(Payloads.BuildTraces(Payloads.DefaultSeed + i, options.Spans));
        }
        double averageBytes = payloads.Average(p => (double)p.Length);

        using ISender sender = options.Target == Target.Grpc
            ? new GrpcSender(endpoint, options.Concurrency)
            : new HttpSender(endpoint, options.Concurrency);
        var stats = new LoadStats();
        long clockTicks = ProcessCpu.ClockTicksPerSecond(out bool tickAssumed);

        Console.WriteLine(string.Create(inv,
            $"target {options.Target.ToString().ToLowerInvariant()} {endpoint}, Vigil pid {pid} ({ProcessCpu.Name(pid)}), concurrency {options.Concurrency}, " +
            $"warm-up {options.WarmupSeconds} s, measured {options.DurationSeconds} s, {averageBytes:N0} B per request, " +
            $"CLK_TCK {clockTicks}{(tickAssumed ? " (assumed)" : "")}"));

        double? acceptedBefore = metricsUrl is null ? null : await VigilMetrics.AcceptedSpansAsync(metricsUrl);

        using var stop = new CancellationTokenSource();
        var workers = new Task[options.Concurrency];
        for (int w = 0; w < workers.Length; w++)
        {
            int worker = w;
            workers[w] = Task.Run(() => WorkerAsync(worker, sender, payloads, options.Spans, stats, stop.Token));
        }

        // Warm up (JIT, connections, caches on both sides), then measure a window bounded by two snapshots.
        await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds));
        var before = Snapshot.Take(pid, stats);
        stats.RecordLatencies = true;
        await Task.Delay(TimeSpan.FromSeconds(options.DurationSeconds));
        stats.RecordLatencies = false;
        var after = Snapshot.Take(pid, stats);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        double? acceptedAfter = metricsUrl is null ? null : await VigilMetrics.AcceptedSpansAsync(metricsUrl);

        double seconds = (after.Timestamp - before.Timestamp) / (double)Stopwatch.Frequency;
        long requests = after.Requests - before.Requests;
        long spans = after.Spans - before.Spans;
        double vigilCpu = (after.VigilTicks - before.VigilTicks) / (double)clockTicks;
        double selfCpu = (after.SelfCpu - before.SelfCpu).TotalSeconds;
        long errors = after.Errors - before.Errors;
        long rejected = after.Rejected - before.Rejected;
        var latencies = stats.Latencies();

        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"measured window        {seconds:N2} s"));
        Console.WriteLine(string.Create(inv, $"requests/s             {requests / seconds:N0}  ({requests:N0} ok)"));
        Console.WriteLine(string.Create(inv, $"spans/s                {spans / seconds:N0}  ({spans:N0} spans, {requests * averageBytes / 1e6 / seconds:N1} MB/s of protobuf)"));
        Console.WriteLine(string.Create(inv, $"Vigil CPU-seconds      {vigilCpu:N2}  ({vigilCpu / seconds:N2} cores on average)"));
        Console.WriteLine(string.Create(inv, $"spans per Vigil CPU-s  {(vigilCpu > 0 ? spans / vigilCpu : 0):N0}"));
        if (spans > 0 && vigilCpu < 0.01 * seconds)
        {
            Console.WriteLine($"warning: pid {pid} ({ProcessCpu.Name(pid)}) hardly used any CPU while serving the load: is it Vigil itself, " +
                "not a wrapper such as a shell or 'dotnet run' (whose child is the server)?");
        }
        Console.WriteLine(string.Create(inv, $"load generator CPU-s   {selfCpu:N2}  ({selfCpu / seconds:N2} cores)"));
        Console.WriteLine(string.Create(inv, $"latency ms             p50 {Percentile(latencies, 0.5):N1}  p99 {Percentile(latencies, 0.99):N1}  max {Percentile(latencies, 1):N1}"));
        Console.WriteLine(string.Create(inv, $"Vigil RSS              {ProcessCpu.ResidentMegabytes(pid):N0} MB at the end"));
        Console.WriteLine(string.Create(inv, $"errors                 {errors:N0}, rejected (429 / RESOURCE_EXHAUSTED) {rejected:N0}"));
        foreach (var (kind, count) in stats.ErrorKinds())
        {
            Console.WriteLine(string.Create(inv, $"  {count,8:N0}  {kind}"));
        }
        if (acceptedBefore is { } a0 && acceptedAfter is { } a1)
        {
            // Counts every span of the run (warm-up included), as Vigil's own otelcol_receiver_accepted_spans_total saw it.
            Console.WriteLine(string.Create(inv, $"Vigil accepted spans   {a1 - a0:N0} during the whole run (the sender counted {stats.Spans:N0} acknowledged)"));
        }
        Console.WriteLine();
        Console.WriteLine("| target | concurrency | spans/s | Vigil CPU-s | Vigil cores | spans per Vigil CPU-s | loadgen cores | p50 ms | p99 ms | errors |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        Console.WriteLine(string.Create(inv,
            $"| {options.Target.ToString().ToLowerInvariant()} | {options.Concurrency} | {spans / seconds:N0} | {vigilCpu:N2} | {vigilCpu / seconds:N2} | " +
            $"{(vigilCpu > 0 ? spans / vigilCpu : 0):N0} | {selfCpu / seconds:N2} | {Percentile(latencies, 0.5):N1} | {Percentile(latencies, 0.99):N1} | {errors + rejected} |"));
        return errors + rejected == 0 ? 0 : 3;
    }

    private static async Task WorkerAsync(int worker, ISender sender, byte[][] payloads, int spansPerRequest, LoadStats stats, CancellationToken stop)
    {
        int next = worker;
        while (!stop.IsCancellationRequested)
        {
            var payload = payloads[next % payloads.Length];
            next += 7; // walk the variants in a different order per worker
            long start = Stopwatch.GetTimestamp();
            SendResult result;
            try
            {
                result = await sender.SendAsync(payload, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                result = SendResult.Failed(e.GetType().Name + ": " + FirstLine(e.Message));
            }
            if (result.Ok)
            {
                stats.Success(spansPerRequest, Stopwatch.GetTimestamp() - start);
            }
            else if (result.Rejected)
            {
                stats.Reject(result.Error!);
                try
                {
                    await Task.Delay(100, stop); // back off a little instead of spinning on a full pipeline
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            else
            {
                stats.Fail(result.Error!);
                if (stats.Errors > 1000 && stats.Requests == 0)
                {
                    await Task.Delay(100, CancellationToken.None); // nothing works: do not flood the console or the CPU
                }
            }
        }
    }

    private static string FirstLine(string text)
    {
        int n = text.IndexOfAny(['\r', '\n']);
        return n < 0 ? text : text[..n];
    }

    private static double Percentile(double[] sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }
        int index = (int)Math.Ceiling(q * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }

    private readonly record struct Snapshot(long Timestamp, long Requests, long Spans, long Errors, long Rejected, long VigilTicks, TimeSpan SelfCpu)
    {
        public static Snapshot Take(int pid, LoadStats stats)
        {
            if (!ProcessCpu.TryRead(pid, out long ticks))
            {
                throw new LoadGenException($"Vigil (pid {pid}) went away during the run");
            }
            using var self = Process.GetCurrentProcess();
            return new Snapshot(Stopwatch.GetTimestamp(), stats.Requests, stats.Spans, stats.Errors, stats.Rejected, ticks, self.TotalProcessorTime);
        }
    }
}

public sealed class LoadGenException(string message) : Exception(message);
