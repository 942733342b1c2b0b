using System.Diagnostics;
using System.Globalization;

namespace Vigil.TsdbCompare;

/// <summary>
/// Side-by-side TSDB benchmark: encodes one deterministic remote-write stream to a file, then for each
/// system (Prometheus, then Vigil; never both at once, so they do not compete for the cores) starts it on an
/// empty data directory, replays the stream, and measures (<see cref="SystemRun"/>). Prints a Markdown table
/// and writes JSON under bench/results/. Run with <c>--help</c>; docs/benchmarks.md has the recipe.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        CompareOptions options;
        try
        {
            options = CompareOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            Console.Error.WriteLine(CompareOptions.Usage);
            return 2;
        }
        if (options.Help)
        {
            Console.WriteLine(CompareOptions.Usage);
            return 0;
        }
        if (!OperatingSystem.IsLinux())
        {
            Console.Error.WriteLine("error: CPU and memory are read from /proc, which needs Linux");
            return 2;
        }

        string workDir = options.WorkDir ?? Path.Combine(Path.GetTempPath(), "vigil-tsdbcompare-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(workDir);
        var log = Console.Error;
        var results = new List<SystemResult>();
        try
        {
            string machine = Machine.Describe();
            log.WriteLine($"machine: {machine}; work dir {workDir}");
            string streamPath = Path.Combine(workDir, "stream.bin");
            var clock = Stopwatch.StartNew();
            var plan = StreamEncoder.Encode(options, streamPath, log);
            log.WriteLine($"encoding took {clock.Elapsed.TotalSeconds:N1} s");

            for (int run = 1; run <= options.Repeat; run++)
            {
                foreach (string system in options.Systems)
                {
                    results.Add(await RunOneAsync(system, run, options, plan, streamPath, workDir, log));
                }
            }

            Console.WriteLine(options.Queries ? QueryReport.Markdown(results) : Report.Markdown(options, plan, results));
            string outPath = options.Out ?? Path.Combine(Machine.RepoRoot() ?? ".", "bench", "results",
                $"tsdb-compare-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.json");
            Report.WriteJson(outPath, options, plan, results, machine);
            log.WriteLine($"results: {outPath}");
            return results.Any(r => r.Error is not null) ? 1 : 0;
        }
        finally
        {
            if (options.Keep)
            {
                log.WriteLine($"kept {workDir}");
            }
            else
            {
                TryDelete(workDir);
            }
        }
    }

    /// <summary>One system, one run, on a fresh data directory; a failure is recorded, not thrown.</summary>
    private static async Task<SystemResult> RunOneAsync(string system, int run, CompareOptions options, StreamPlan plan,
        string streamPath, string workDir, TextWriter log)
    {
        var result = new SystemResult { System = system, Run = run };
        try
        {
            using ServerProcess server = system == "prometheus"
                ? new PrometheusServer(options.PrometheusBinary, workDir, options.PrometheusPort)
                : new VigilServer(options.VigilDll ?? VigilServer.DefaultDll(), workDir, options.VigilPort, options.VigilArgs);
            result.Version = system == "prometheus"
                ? Machine.FirstLine(options.PrometheusBinary, "--version")
                : Machine.FirstLine("dotnet", options.VigilDll ?? VigilServer.DefaultDll(), "--version") + Machine.GitCommit();
            log.WriteLine($"[{system} #{run}] {result.Version}; load average {Machine.LoadAverage()}");
            await new SystemRun(server, plan, streamPath, options, log).RunAsync(result);
            log.WriteLine($"[{system} #{run}] done; load average {Machine.LoadAverage()}");
        }
        catch (CompareException e)
        {
            result.Error = e.Message;
            log.WriteLine($"[{system} #{run}] failed: {e.Message}");
        }
        if (!options.Keep)
        {
            TryDelete(Path.Combine(workDir, system + "-data"));
        }
        else
        {
            // Keep each run's data apart: the next run needs an empty directory.
            string data = Path.Combine(workDir, system + "-data");
            if (Directory.Exists(data))
            {
                Directory.Move(data, Path.Combine(workDir, $"{system}-data-run{run}"));
            }
        }
        return result;
    }

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"could not remove {dir}: {e.Message}");
        }
    }
}
