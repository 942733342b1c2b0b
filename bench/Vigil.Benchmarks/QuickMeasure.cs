using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Vigil.Otlp.Json;
using Vigil.Otlp.Protobuf;
using Vigil.Otlp.Reference.Logs;
using Vigil.Otlp.Reference.Metrics;
using Vigil.Otlp.Reference.Trace;

namespace Vigil.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Vigil.Benchmarks -- quick [seconds-per-case]</c>: times every decoder
/// with a Stopwatch and <see cref="GC.GetAllocatedBytesForCurrentThread"/> (single thread, so the rates are per
/// core). A sanity check in a few seconds; BenchmarkDotNet gives the real numbers. Rates are computed from the
/// thread's CPU time (clock_gettime(CLOCK_THREAD_CPUTIME_ID)) as well as wall time, so a busy machine (other
/// processes competing for the 2 cores) skews them less; the wall-clock figure is shown next to it.
/// </summary>
public static partial class QuickMeasure
{
    /// <summary>One decoder over one payload; <c>Decode</c> returns decoded minus expected items (0 when right).</summary>
    private sealed record Case(string Payload, string Decoder, double Items, double Bytes, Func<int> Decode);

    private static Case Fixed(string payload, string decoder, Payloads.Encoded data, bool json, Func<int> decode) =>
        new(payload, decoder, data.Items, data.Bytes(json), () => decode() - data.Items);

    private static Case Cycling(string payload, Payloads.Encoded[] variants, Func<byte[], int> decode)
    {
        int next = 0;
        return new(payload, "Vigil unseen", variants.Average(v => (double)v.Items), variants.Average(v => (double)v.Protobuf.Length), () =>
        {
            var v = variants[next++ & (variants.Length - 1)];
            return decode(v.Protobuf) - v.Items;
        });
    }

    public static int Run(string[] args)
    {
        double seconds = 1.0;
        if (args.Length > 0 && (!double.TryParse(args[0], NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) || seconds <= 0 || seconds > 30))
        {
            Console.Error.WriteLine("usage: quick [seconds per case, 0-30, default 1]");
            return 2;
        }

        var traces = Payloads.Traces;
        var logs = Payloads.Logs;
        var metrics = Payloads.Metrics;
        const int variantCount = DecodeSettings.UnseenVariants;
        // "Vigil unseen" cycles through 256 variants (other seeds) so unique values miss Vigil's string caches,
        // as they would in real traffic; the other rows decode the same bytes every time.
        Case[] cases =
        [
            Fixed("traces", "Google.Protobuf", traces, false, () => Items(ExportTraceServiceRequest.Parser.ParseFrom(traces.Protobuf))),
            Fixed("traces", "Vigil protobuf", traces, false, () => OtlpProtobufDecoder.DecodeTraces(traces.Protobuf).SpanCount),
            Fixed("traces", "Vigil JSON", traces, true, () => OtlpJsonDecoder.DecodeTraces(traces.Json).SpanCount),
            Cycling("traces", Payloads.Variants(PayloadKind.Traces, variantCount), b => OtlpProtobufDecoder.DecodeTraces(b).SpanCount),
            Fixed("logs", "Google.Protobuf", logs, false, () => Items(ExportLogsServiceRequest.Parser.ParseFrom(logs.Protobuf))),
            Fixed("logs", "Vigil protobuf", logs, false, () => OtlpProtobufDecoder.DecodeLogs(logs.Protobuf).LogRecordCount),
            Fixed("logs", "Vigil JSON", logs, true, () => OtlpJsonDecoder.DecodeLogs(logs.Json).LogRecordCount),
            Cycling("logs", Payloads.Variants(PayloadKind.Logs, variantCount), b => OtlpProtobufDecoder.DecodeLogs(b).LogRecordCount),
            Fixed("metrics", "Google.Protobuf", metrics, false, () => Items(ExportMetricsServiceRequest.Parser.ParseFrom(metrics.Protobuf))),
            Fixed("metrics", "Vigil protobuf", metrics, false, () => OtlpProtobufDecoder.DecodeMetrics(metrics.Protobuf).DataPointCount),
            Fixed("metrics", "Vigil JSON", metrics, true, () => OtlpJsonDecoder.DecodeMetrics(metrics.Json).DataPointCount),
            Cycling("metrics", Payloads.Variants(PayloadKind.Metrics, variantCount), b => OtlpProtobufDecoder.DecodeMetrics(b).DataPointCount),
        ];

        Console.WriteLine($"quick measure: {seconds.ToString(CultureInfo.InvariantCulture)} s per case, single thread, .NET {Environment.Version}, {Environment.ProcessorCount} logical cores");
        Console.WriteLine($"payloads: traces {traces.Items} spans ({traces.Protobuf.Length:N0} B protobuf, {traces.Json.Length:N0} B JSON), " +
            $"logs {logs.Items} records ({logs.Protobuf.Length:N0} B / {logs.Json.Length:N0} B), " +
            $"metrics {metrics.Items} points ({metrics.Protobuf.Length:N0} B / {metrics.Json.Length:N0} B)");
        Console.WriteLine();
        Console.WriteLine("items/s and MB/s from thread CPU time; wall us/batch for comparison");
        Console.WriteLine($"{"payload",-8} {"decoder",-16} {"iters",6} {"wall us",9} {"cpu us",9} {"items/s",11} {"MB/s",7} {"B/item",8}");
        int failures = 0;
        foreach (var c in cases)
        {
            int wrong = c.Decode();
            if (wrong != 0)
            {
                Console.WriteLine($"{c.Payload,-8} {c.Decoder,-16} decoded {wrong:+#;-#} items more than the payload holds");
                failures++;
                continue;
            }
            // Warm up (JIT tiers, caches) for a fifth of the budget, then size the measured run from that rate.
            var sw = Stopwatch.StartNew();
            int warm = 0;
            while (sw.Elapsed.TotalSeconds < seconds / 5 || warm < 5)
            {
                if (c.Decode() != 0)
                {
                    throw new InvalidOperationException($"{c.Payload} {c.Decoder}: wrong item count");
                }
                warm++;
            }
            double perIteration = sw.Elapsed.TotalSeconds / warm;
            int iterations = Math.Max(5, (int)(seconds / perIteration));

            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            double cpuStart = ThreadCpuSeconds();
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < iterations; i++)
            {
                c.Decode();
            }
            double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            double cpu = ThreadCpuSeconds() - cpuStart;
            if (cpu <= 0)
            {
                cpu = elapsed; // no thread clock (not Linux): fall back to wall time
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

            double wallPerBatch = elapsed / iterations;
            double perBatch = cpu / iterations;
            double bytes = c.Bytes;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{c.Payload,-8} {c.Decoder,-16} {iterations,6} {wallPerBatch * 1e6,9:N0} {perBatch * 1e6,9:N0} {c.Items / perBatch,11:N0} {bytes / 1e6 / perBatch,7:N1} {allocated / iterations / c.Items,8:N1}"));
        }
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Vigil's protobuf decoder over one payload in a loop for a number of seconds (for a profiler).</summary>
    public static int Profile(string[] args)
    {
        double seconds = 10;
        if (args.Length == 0 || args[0] is not ("traces" or "logs" or "metrics")
            || (args.Length > 1 && (!double.TryParse(args[1], NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) || seconds <= 0 || seconds > 120)))
        {
            Console.Error.WriteLine("usage: profile traces|logs|metrics [seconds, at most 120, default 10]");
            return 2;
        }
        var data = Payloads.Get(args[0] switch { "traces" => PayloadKind.Traces, "logs" => PayloadKind.Logs, _ => PayloadKind.Metrics });
        var bytes = data.Protobuf;
        long iterations = 0;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < seconds)
        {
            for (int i = 0; i < 16; i++)
            {
                _ = data.Kind switch
                {
                    PayloadKind.Traces => OtlpProtobufDecoder.DecodeTraces(bytes).SpanCount,
                    PayloadKind.Logs => OtlpProtobufDecoder.DecodeLogs(bytes).LogRecordCount,
                    _ => OtlpProtobufDecoder.DecodeMetrics(bytes).DataPointCount,
                };
            }
            iterations += 16;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{args[0]}: {iterations} batches in {sw.Elapsed.TotalSeconds:N1} s, {iterations * data.Items / sw.Elapsed.TotalSeconds:N0} items/s (wall)"));
        return 0;
    }

    private static int Items(ExportTraceServiceRequest request)
    {
        int n = 0;
        foreach (var rs in request.ResourceSpans)
        {
            foreach (var ss in rs.ScopeSpans) n += ss.Spans.Count;
        }
        return n;
    }

    private static int Items(ExportLogsServiceRequest request)
    {
        int n = 0;
        foreach (var rl in request.ResourceLogs)
        {
            foreach (var sl in rl.ScopeLogs) n += sl.LogRecords.Count;
        }
        return n;
    }

    private static int Items(ExportMetricsServiceRequest request)
    {
        int n = 0;
        foreach (var rm in request.ResourceMetrics)
        {
            foreach (var sm in rm.ScopeMetrics)
            {
                foreach (var m in sm.Metrics)
                {
                    n += m.DataCase switch
                    {
                        Metric.DataOneofCase.Gauge => m.Gauge.DataPoints.Count,
                        Metric.DataOneofCase.Sum => m.Sum.DataPoints.Count,
                        Metric.DataOneofCase.Histogram => m.Histogram.DataPoints.Count,
                        Metric.DataOneofCase.ExponentialHistogram => m.ExponentialHistogram.DataPoints.Count,
                        Metric.DataOneofCase.Summary => m.Summary.DataPoints.Count,
                        _ => 0,
                    };
                }
            }
        }
        return n;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private const int ClockThreadCpuTimeId = 3;

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>CPU time of the calling thread in seconds, 0 where the clock is unavailable.</summary>
    private static double ThreadCpuSeconds()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }
        return ClockGetTime(ClockThreadCpuTimeId, out var t) == 0 ? t.Seconds + t.Nanoseconds / 1e9 : 0;
    }
}
