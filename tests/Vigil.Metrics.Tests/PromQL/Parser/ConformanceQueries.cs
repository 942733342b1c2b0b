using System.Text.RegularExpressions;

namespace Vigil.Metrics.Tests.PromQL.Parser;

/// <summary>The eval expressions of upstream's engine test scripts (/work/shared/conformance/promql, README section 4).</summary>
internal static partial class ConformanceQueries
{
    [GeneratedRegex(@"^eval\S*\s+(?:instant\s+at\s+\S+|range\s+from\s+\S+\s+to\s+\S+\s+step\s+\S+)\s+(?<expr>.+)$")]
    private static partial Regex EvalLine();

    public static string Directory()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("SHARED_DIR") is { Length: > 0 } env)
        {
            candidates.Add(Path.Combine(env, "conformance", "promql"));
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            candidates.Add(Path.Combine(dir.FullName, "..", "shared", "conformance", "promql"));
        }
        candidates.Add("/work/shared/conformance/promql");
        return candidates.FirstOrDefault(System.IO.Directory.Exists)
            ?? throw new InvalidOperationException("the promql conformance corpus is missing; looked in: " + string.Join(", ", candidates));
    }

    /// <summary>(file, line number, expression) of every eval line.</summary>
    public static IEnumerable<(string File, int Line, string Expr)> All()
    {
        foreach (var file in System.IO.Directory.GetFiles(Directory(), "*.test").Order(StringComparer.Ordinal))
        {
            int n = 0;
            foreach (var raw in File.ReadLines(file))
            {
                n++;
                var line = raw.Trim();
                if (!line.StartsWith("eval", StringComparison.Ordinal)) continue;
                var m = EvalLine().Match(line);
                if (!m.Success) throw new InvalidOperationException($"{file}:{n}: unrecognised eval line: {line}");
                yield return (Path.GetFileName(file), n, m.Groups["expr"].Value);
            }
        }
    }
}
