using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace Vigil.Benchmarks;

public static class Program
{
    /// <summary>
    /// <c>quick [seconds]</c>: a Stopwatch sanity check of every decoder (a few seconds in all).
    /// <c>profile traces|logs|metrics [seconds]</c>: only Vigil's protobuf decoder in a loop, to attach a profiler
    /// (e.g. <c>DOTNET_PerfMapEnabled=1</c> and <c>perf record -g</c>; see docs/benchmarks.md).
    /// Anything else goes to BenchmarkDotNet, e.g. <c>--filter '*Decode*'</c>. Reports land in
    /// bench/results/BenchmarkDotNet.Artifacts (git-ignored) unless <c>--artifacts</c> says otherwise.
    /// </summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "quick")
        {
            return QuickMeasure.Run(args[1..]);
        }
        if (args.Length > 0 && args[0] == "profile")
        {
            return QuickMeasure.Profile(args[1..]);
        }
        IConfig config = DefaultConfig.Instance;
        if (Array.IndexOf(args, "--artifacts") < 0 && FindRepository() is { } root)
        {
            config = config.WithArtifactsPath(Path.Combine(root, "bench", "results", "BenchmarkDotNet.Artifacts"));
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return 0;
    }

    private static string? FindRepository()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
            {
                return dir.FullName;
            }
        }
        return null;
    }
}
