using System.Globalization;
using System.Text;

namespace Vigil.Metrics.Tests.PromQL.Conformance;

/// <summary>
/// known-failures.txt beside this file: one line per case that fails today, <c>file.test:line reason</c>.
/// Those cases are skipped ("known failure: reason") so CI stays green while the engine is written; the list
/// only shrinks (a guard test fails when a listed case passes or no longer exists). Regenerate it with
/// <c>VIGIL_PROMQL_WRITE_KNOWN_FAILURES=1</c> (see docs/conformance.md).
/// </summary>
internal static class KnownFailures
{
    public const string WriteVariable = "VIGIL_PROMQL_WRITE_KNOWN_FAILURES";
    private const int MaxReasonLength = 240;

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Loaded = new(() =>
        System.IO.File.Exists(FilePath) ? Parse(System.IO.File.ReadAllText(FilePath)) : new Dictionary<string, string>());

    public static string FilePath => Path.Combine(RepoRoot.Path, "tests", "Vigil.Metrics.Tests", "PromQL", "Conformance", "known-failures.txt");

    /// <summary>The checked-in list, by case id.</summary>
    public static IReadOnlyDictionary<string, string> Current => Loaded.Value;

    public static bool WriteRequested => Environment.GetEnvironmentVariable(WriteVariable) == "1";

    public static Dictionary<string, string> Parse(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            string id = space < 0 ? line : line[..space];
            result[id] = space < 0 ? "" : line[(space + 1)..].Trim();
        }
        return result;
    }

    public static string Format(IEnumerable<KeyValuePair<string, string>> failures)
    {
        var sb = new StringBuilder();
        sb.Append("# PromQL conformance cases that fail today: <file>:<line> <reason>. Generated, do not edit by hand:\n");
        sb.Append("# VIGIL_PROMQL_WRITE_KNOWN_FAILURES=1 dotnet test tests/Vigil.Metrics.Tests --filter \"FullyQualifiedName~PromQlConformanceTests.KnownFailures\"\n");
        foreach (var (id, reason) in failures.OrderBy(f => f.Key, CaseIdComparer.Instance))
            sb.Append(id).Append(' ').Append(Shorten(reason)).Append('\n');
        return sb.ToString();
    }

    /// <summary>One line, bounded: the first part of the failure message is what a reader needs.</summary>
    public static string Shorten(string reason)
    {
        string flat = string.Join(' ', reason.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= MaxReasonLength ? flat : flat[..(MaxReasonLength - 3)] + "...";
    }
}

/// <summary>Orders <c>file.test:line</c> ids by file, then numerically by line.</summary>
internal sealed class CaseIdComparer : IComparer<string>
{
    public static CaseIdComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        var (fx, lx) = Split(x ?? "");
        var (fy, ly) = Split(y ?? "");
        int c = string.CompareOrdinal(fx, fy);
        return c != 0 ? c : lx.CompareTo(ly);
    }

    private static (string File, int Line) Split(string id)
    {
        int colon = id.LastIndexOf(':');
        return colon < 0 || !int.TryParse(id.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int line) ? (id, 0) : (id[..colon], line);
    }
}
