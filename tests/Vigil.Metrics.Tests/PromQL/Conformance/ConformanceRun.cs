using System.Collections.Concurrent;
using System.Diagnostics;
using Vigil.Metrics.PromQL.Engine;

namespace Vigil.Metrics.Tests.PromQL.Conformance;

/// <summary>
/// Runs each script file once per test process and keeps every case's outcome, so the per-case tests, the
/// known-failures guard and the summary share one run. A file runs in order on one storage: each load block is
/// appended once and the evals after it (up to the next load or clear) query it, so no case sees data loaded
/// after it. Skipped cases (by category) are not run.
/// </summary>
internal sealed class ConformanceRun
{
    private static readonly Lazy<ConformanceRun> Shared = new(() => new ConformanceRun(ConformanceCorpus.Instance));

    private readonly ConformanceCorpus _corpus;
    private readonly QueryEngine _engine = new(CaseRunner.Options);
    private readonly ConcurrentDictionary<string, Lazy<FileResult>> _files = new(StringComparer.Ordinal);

    private ConformanceRun(ConformanceCorpus corpus) => _corpus = corpus;

    public static ConformanceRun Instance => Shared.Value;

    /// <summary>Outcomes by case id, and how long the file took.</summary>
    internal sealed record FileResult(IReadOnlyDictionary<string, CaseOutcome> Outcomes, TimeSpan Elapsed);

    public CaseOutcome Outcome(ConformanceCase c) => File(c.File).Outcomes[c.Id];

    public FileResult File(string name) =>
        _files.GetOrAdd(name, n => new Lazy<FileResult>(() => RunFile(_corpus.Files.Single(f => f.Name == n)))).Value;

    /// <summary>Every file, two at a time (the machine's cores); returns results by file name.</summary>
    public IReadOnlyDictionary<string, FileResult> All()
    {
        Parallel.ForEach(_corpus.Files, new ParallelOptions { MaxDegreeOfParallelism = 2 }, f => File(f.Name));
        return _corpus.Files.ToDictionary(f => f.Name, f => File(f.Name), StringComparer.Ordinal);
    }

    private FileResult RunFile(ScriptFile file)
    {
        var watch = Stopwatch.StartNew();
        var storage = new ConformanceStorage();
        var runner = new CaseRunner(_engine, storage);
        var outcomes = new Dictionary<string, CaseOutcome>(StringComparer.Ordinal);
        string? loadFailure = null;
        foreach (var command in file.Commands)
        {
            switch (command)
            {
                case ClearCommand:
                    storage.Clear();
                    break;
                case LoadCommand load:
                    // Upstream stops the file at a failing load; here every later case fails with its reason.
                    loadFailure ??= storage.Load(load);
                    break;
                case EvalCommand eval:
                    var c = _corpus.ById[$"{file.Name}:{eval.Line}"];
                    if (c.SkipCategory is not null) break;
                    long started = Stopwatch.GetTimestamp();
                    var outcome = loadFailure is not null ? new CaseOutcome(false, loadFailure) : runner.Run(eval);
                    outcomes[c.Id] = outcome with { Elapsed = Stopwatch.GetElapsedTime(started) };
                    break;
            }
        }
        return new FileResult(outcomes, watch.Elapsed);
    }
}
