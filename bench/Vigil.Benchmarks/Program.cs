using BenchmarkDotNet.Running;

namespace Vigil.Benchmarks;

public static class Program
{
    /// <summary>
    /// <c>quick [seconds]</c>: a Stopwatch sanity check of every decoder (a few seconds in all).
    /// Anything else goes to BenchmarkDotNet, e.g. <c>--filter '*Decode*'</c>.
    /// </summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "quick")
        {
            return QuickMeasure.Run(args[1..]);
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
