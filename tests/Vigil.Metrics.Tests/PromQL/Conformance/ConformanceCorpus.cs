using Vigil.Metrics.Model;

namespace Vigil.Metrics.Tests.PromQL.Conformance;

/// <summary>Why a case is not run at all (decided before running, from the script alone).</summary>
internal static class SkipCategory
{
    public const string NativeHistograms = "native histograms";
    public const string StartTimestamps = "start timestamps";
}

/// <summary>One eval of a file. <see cref="Id"/> is <c>file.test:line</c>, stable while the corpus is unchanged.</summary>
internal sealed record ConformanceCase(string File, EvalCommand Eval, string? SkipCategory)
{
    public string Id => $"{File}:{Eval.Line}";
}

/// <summary>
/// The upstream scripts under <c>shared/conformance/promql</c>, read in place (never copied), each parsed once,
/// with every case classified. Built once per test process.
/// </summary>
internal sealed class ConformanceCorpus
{
    private static readonly Lazy<ConformanceCorpus> Shared = new(Load);

    private ConformanceCorpus(string directory, IReadOnlyList<ScriptFile> files, IReadOnlyList<ConformanceCase> cases)
    {
        Directory = directory;
        Files = files;
        Cases = cases;
        ById = cases.ToDictionary(c => c.Id, StringComparer.Ordinal);
    }

    public static ConformanceCorpus Instance => Shared.Value;

    public string Directory { get; }
    public IReadOnlyList<ScriptFile> Files { get; }
    public IReadOnlyList<ConformanceCase> Cases { get; }
    public IReadOnlyDictionary<string, ConformanceCase> ById { get; }

    private static ConformanceCorpus Load()
    {
        string dir = SharedDirectory.Find(RepoRoot.Path, "promql");
        var files = new List<ScriptFile>();
        var cases = new List<ConformanceCase>();
        foreach (string path in System.IO.Directory.GetFiles(dir, "*.test").Order(StringComparer.Ordinal))
        {
            var file = ScriptParser.Parse(Path.GetFileName(path), File.ReadAllText(path));
            files.Add(file);
            cases.AddRange(Classify(file));
        }
        return new ConformanceCorpus(dir, files, cases);
    }

    /// <summary>
    /// Walks the file as the runner will, tracking which metric names hold native histograms since the last
    /// clear (names loaded with a <c>{{</c> literal, base names made by <c>load_with_nhcb</c>) and whether start
    /// timestamps were loaded.
    /// </summary>
    internal static IEnumerable<ConformanceCase> Classify(ScriptFile file)
    {
        var histogramNames = new HashSet<string>(StringComparer.Ordinal);
        bool startTimestamps = file.Name == "start_timestamps.test";
        bool stLoaded = false;
        foreach (var command in file.Commands)
        {
            switch (command)
            {
                case ClearCommand:
                    histogramNames.Clear();
                    stLoaded = false;
                    break;
                case LoadCommand load:
                    stLoaded |= load.HasStartTimestamps;
                    foreach (var series in load.Series)
                    {
                        if (series.Values.Any(static v => v.Histogram is not null)) histogramNames.Add(series.Metric.Name);
                    }
                    if (load.WithNhcb)
                    {
                        foreach (string name in NhcbBaseNames(load)) histogramNames.Add(name);
                    }
                    break;
                case EvalCommand eval:
                    string? category =
                        eval.ExpectsHistogram || HistogramUsage.References(eval.Expr, histogramNames) ? SkipCategory.NativeHistograms
                        : startTimestamps || stLoaded ? SkipCategory.StartTimestamps
                        : null;
                    yield return new ConformanceCase(file.Name, eval, category);
                    break;
            }
        }
    }

    /// <summary>README 3.4: X_bucket (with a parseable, non-NaN le), X_count and X_sum make a histogram named X.</summary>
    internal static IEnumerable<string> NhcbBaseNames(LoadCommand load)
    {
        foreach (var series in load.Series)
        {
            string name = series.Metric.Name;
            if (name.EndsWith("_bucket", StringComparison.Ordinal))
            {
                string le = series.Metric.Get("le");
                if (double.TryParse(le, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double bound) && !double.IsNaN(bound)
                    || le is "+Inf" or "Inf" or "+inf" or "inf")
                    yield return name[..^"_bucket".Length];
            }
            else if (name.EndsWith("_count", StringComparison.Ordinal)) yield return name[..^"_count".Length];
            else if (name.EndsWith("_sum", StringComparison.Ordinal)) yield return name[..^"_sum".Length];
        }
    }
}
