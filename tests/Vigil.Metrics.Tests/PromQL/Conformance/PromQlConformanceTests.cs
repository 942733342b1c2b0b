using Xunit.Abstractions;

namespace Vigil.Metrics.Tests.PromQL.Conformance;

/// <summary>
/// Prometheus's engine test scripts against Vigil's engine: one test per eval (<c>file.test:line</c> and the
/// expression), the known-failures guard, and the per-file summary (docs/conformance.md).
/// </summary>
public class PromQlConformanceTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in ConformanceCorpus.Instance.Cases) data.Add(c.Id, c.Eval.Expr);
        return data;
    }

    [ConformanceTheory]
    [MemberData(nameof(Cases))]
    public void Eval(string id, string expr)
    {
        var c = ConformanceCorpus.Instance.ById[id];
        Assert.Equal(c.Eval.Expr, expr);
        var outcome = ConformanceRun.Instance.Outcome(c);
        if (!outcome.Passed) Assert.Fail($"{id}: {expr}\n{outcome.Message}");
    }

    /// <summary>
    /// The list only shrinks: a listed case that passes now, is skipped by category, or no longer exists fails
    /// this test. With VIGIL_PROMQL_WRITE_KNOWN_FAILURES=1 the list and docs/conformance.md are rewritten instead.
    /// </summary>
    [Fact]
    public void KnownFailuresListIsCurrent()
    {
        var corpus = ConformanceCorpus.Instance;
        var results = ConformanceRun.Instance.All();
        var failing = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in corpus.Cases)
        {
            if (c.SkipCategory is null && results[c.File].Outcomes[c.Id] is { Passed: false } o) failing[c.Id] = o.Message;
        }
        if (KnownFailures.WriteRequested)
        {
            File.WriteAllText(KnownFailures.FilePath, KnownFailures.Format(failing));
            var rows = ConformanceReport.Rows(corpus, results, failing);
            File.WriteAllText(Path.Combine(RepoRoot.Path, "docs", "conformance.md"), ConformanceReport.Markdown(rows));
            output.WriteLine($"wrote {failing.Count} known failures to {KnownFailures.FilePath} and docs/conformance.md");
            return;
        }
        var problems = new List<string>();
        foreach (var (id, _) in KnownFailures.Current)
        {
            if (!corpus.ById.TryGetValue(id, out var c)) problems.Add($"{id}: listed but no such case exists");
            else if (c.SkipCategory is not null) problems.Add($"{id}: listed but skipped as '{c.SkipCategory}'");
            else if (!failing.ContainsKey(id)) problems.Add($"{id}: listed but passes now: remove it from known-failures.txt");
        }
        Assert.True(problems.Count == 0, $"known-failures.txt is out of date ({KnownFailures.WriteVariable}=1 regenerates it):\n{string.Join("\n", problems)}");
    }

    /// <summary>Prints pass / fail / skipped per file and in total; also written next to the test binaries.</summary>
    [Fact]
    public void Summary()
    {
        var corpus = ConformanceCorpus.Instance;
        var results = ConformanceRun.Instance.All();
        var rows = ConformanceReport.Rows(corpus, results, KnownFailures.Current);
        string text = ConformanceReport.Text(rows) + ConformanceReport.Slowest(results, 5);
        output.WriteLine(text);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "promql-conformance.txt"), text);
        var total = ConformanceRow.Total(rows);
        Assert.Equal(corpus.Cases.Count, total.Pass + total.Fail + total.SkipHistograms + total.SkipStartTimestamps);
    }
}
