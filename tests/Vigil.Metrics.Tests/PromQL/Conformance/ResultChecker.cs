using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Engine;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.Tests.PromQL.Conformance;

/// <summary>
/// The checks of README section 5 against one query result. Each method returns null when the result meets
/// the eval's expectations, else a message saying what differed (upstream's wording where it has one).
/// </summary>
internal static class ResultChecker
{
    /// <summary>An error the query returned, against <c>expect fail</c> / <c>eval_fail</c> and their message or pattern.</summary>
    public static string? CheckExpectedFailure(EvalCommand cmd, string error)
    {
        if (cmd.ExpectedFailMessage is { Length: > 0 } message && message != error)
            return $"got error \"{error}\", expected \"{message}\"";
        if (cmd.ExpectedFailRegex is { } regex && !regex.IsMatch(error))
            return $"got error \"{error}\", expected one matching \"{regex}\"";
        var fail = cmd.OfKind(ExpectKind.Fail).FirstOrDefault();
        if (fail is not null && !fail.Matches(error))
            return $"got error \"{error}\", expected {fail}";
        return null;
    }

    /// <summary>Warnings and infos, rendered with their positions in <paramref name="query"/>, against the expect lines.</summary>
    public static string? CheckAnnotations(EvalCommand cmd, Annotations annotations, string query)
    {
        var warnings = new List<string>();
        var infos = new List<string>();
        foreach (var a in annotations.Items) (a.Kind == AnnotationKind.Warning ? warnings : infos).Add(a.Render(query));
        if (cmd.PrefixWarn && warnings.Count == 0) return "expected warnings but got none";
        if (cmd.PrefixInfo && infos.Count == 0) return "expected info annotations but got none";
        return CheckClass("warn", [.. cmd.OfKind(ExpectKind.Warn)], warnings, warnings.Concat(infos))
            ?? CheckClass("info", [.. cmd.OfKind(ExpectKind.Info)], infos, warnings.Concat(infos))
            ?? (cmd.OfKind(ExpectKind.NoWarn).Any() && warnings.Count > 0 ? $"unexpected warning annotations: {string.Join("; ", warnings)}" : null)
            ?? (cmd.OfKind(ExpectKind.NoInfo).Any() && infos.Count > 0 ? $"unexpected info annotations: {string.Join("; ", infos)}" : null);
    }

    private static string? CheckClass(string kind, List<Expectation> expected, List<string> actual, IEnumerable<string> all)
    {
        if (expected.Count == 0) return null;
        if (actual.Count == 0) return $"expected {kind} annotations but none were found";
        foreach (var e in expected)
        {
            if (!actual.Any(e.Matches)) return $"expected {kind} annotation matching {e} but no matching annotation was found, found: [{string.Join("; ", all)}]";
        }
        foreach (string a in actual)
        {
            if (!expected.Any(e => e.Matches(a))) return $"unexpected {kind} annotation \"{a}\"";
        }
        return null;
    }

    /// <summary>The value of a successful result against the expected series, scalar or string.</summary>
    public static string? CompareResult(EvalCommand cmd, QueryResult result) => result.Type switch
    {
        ExprType.Matrix => CompareMatrix(cmd, result.Matrix ?? []),
        ExprType.Vector => CompareVector(cmd, result.Vector ?? []),
        ExprType.Scalar => CompareScalar(cmd, result.Scalar?.V ?? double.NaN),
        ExprType.String => cmd.ExpectedString == (result.String?.V ?? "") ? null : $"expected string \"{cmd.ExpectedString}\" but got \"{result.String?.V}\"",
        _ => $"unexpected result type {result.Type}",
    };

    public static string? CompareScalar(EvalCommand cmd, double value)
    {
        if (!cmd.ExpectScalar) return $"expected vector or matrix result, but got scalar {FloatText.Format(value)}";
        return FloatComparison.Equal(cmd.ExpectedScalar, value) ? null : $"expected scalar {FloatText.Format(cmd.ExpectedScalar)} but got {FloatText.Format(value)}";
    }

    public static string? CompareVector(EvalCommand cmd, Vector vector)
    {
        if (cmd.ExpectScalar) return $"expected scalar result, but got vector {Describe(vector)}";
        var seen = new HashSet<Labels>();
        bool ordered = cmd.IsOrdered;
        for (int pos = 0; pos < vector.Count; pos++)
        {
            var sample = vector[pos];
            if (!cmd.ExpectedSeries.TryGetValue(sample.Metric, out var expected))
                return $"unexpected metric {sample.Metric} in result, has value {Value(sample)}";
            if (ordered && expected.Position != pos + 1)
                return $"expected metric {sample.Metric} at position {expected.Position} but was at {pos + 1}";
            var first = expected.Values.Count > 0 ? expected.Values[0] : SequenceValue.Gap;
            if (first.Histogram is null && sample.H is not null)
                return $"expected float value {first} for {sample.Metric} but got histogram {HistogramText.Format(sample.H)}";
            if (first.Histogram is not null && sample.H is null)
                return $"expected histogram {first} for {sample.Metric} but got float value {FloatText.Format(sample.F)}";
            if (first.Histogram is not null && !HistogramMath.Equal(first.Histogram, sample.H!, first.CounterResetHintSet))
                return $"expected {first} for {sample.Metric} but got {HistogramText.Format(sample.H!)}";
            if (sample.H is null && !FloatComparison.Equal(first.Value, sample.F))
                return $"expected {first} for {sample.Metric} but got {FloatText.Format(sample.F)}";
            seen.Add(sample.Metric);
        }
        foreach (var expected in cmd.ExpectedSeries.Values)
        {
            if (!seen.Contains(expected.Metric)) return $"expected metric {expected.Metric} with [{string.Join(' ', expected.Values)}] not found";
        }
        return null;
    }

    /// <summary>
    /// A matrix: series matched by label set, the k-th listed item of a series at start + k*step (<c>_</c> = no
    /// point), counts, timestamps and values equal, and the series sorted by label set.
    /// </summary>
    public static string? CompareMatrix(EvalCommand cmd, Matrix matrix)
    {
        if (cmd.IsOrdered) return "expected ordered result, but query returned a matrix";
        if (cmd.ExpectScalar) return $"expected scalar result, but got matrix {Describe(matrix)}";
        if (CheckSorted(matrix) is { } unsorted) return unsorted;
        var seen = new HashSet<Labels>();
        foreach (var series in matrix)
        {
            if (!cmd.ExpectedSeries.TryGetValue(series.Metric, out var expected))
                return $"unexpected metric {series.Metric} in result, has {Describe(series)}";
            seen.Add(series.Metric);
            var floats = new List<FPoint>();
            var histograms = new List<(long T, SequenceValue V)>();
            for (int k = 0; k < expected.Values.Count; k++)
            {
                long t = cmd.StartMs + (k * cmd.StepMs);
                if (t > cmd.EndMs) return $"expected {expected.Values.Count} points for {series.Metric}, but query time range cannot return this many points";
                var v = expected.Values[k];
                if (v.Histogram is not null) histograms.Add((t, v));
                else if (!v.Omitted) floats.Add(new FPoint(t, v.Value));
            }
            int actualHistograms = series.Histograms?.Count ?? 0;
            if (floats.Count != series.Floats.Count || histograms.Count != actualHistograms)
                return $"expected {floats.Count} float points and {histograms.Count} histogram points for {series.Metric}, but got {Describe(series)}";
            for (int i = 0; i < floats.Count; i++)
            {
                var actual = series.Floats[i];
                if (floats[i].T != actual.T)
                    return $"expected float value at index {i} for {series.Metric} to have timestamp {floats[i].T}, but it had timestamp {actual.T} (result has {Describe(series)})";
                if (!FloatComparison.Equal(floats[i].F, actual.F))
                    return $"expected float value at index {i} (t={actual.T}) for {series.Metric} to be {FloatText.Format(floats[i].F)}, but got {FloatText.Format(actual.F)} (result has {Describe(series)})";
            }
            for (int i = 0; i < histograms.Count; i++)
            {
                var actual = series.Histograms![i];
                if (histograms[i].T != actual.T)
                    return $"expected histogram value at index {i} for {series.Metric} to have timestamp {histograms[i].T}, but it had timestamp {actual.T}";
                var e = histograms[i].V;
                if (!HistogramMath.Equal(e.Histogram!, actual.H, e.CounterResetHintSet))
                    return $"expected histogram value at index {i} (t={actual.T}) for {series.Metric} to be {e}, but got {HistogramText.Format(actual.H)}";
            }
        }
        foreach (var expected in cmd.ExpectedSeries.Values)
        {
            if (!seen.Contains(expected.Metric)) return $"expected metric {expected.Metric} not found";
        }
        return null;
    }

    public static string? CheckSorted(Matrix matrix)
    {
        for (int i = 0; i + 1 < matrix.Count; i++)
        {
            if (Labels.Compare(matrix[i].Metric, matrix[i + 1].Metric) > 0)
                return $"matrix results should always be sorted by labels, but matrix is not sorted: series at index {i + 1} with labels {matrix[i + 1].Metric} sorts before series at index {i} with labels {matrix[i].Metric}";
        }
        return null;
    }

    private static string Value(Sample s) => s.H is not null ? HistogramText.Format(s.H) : FloatText.Format(s.F);

    private static string Describe(Vector v) => "[" + string.Join(", ", v.Select(s => $"{s.Metric} => {Value(s)} @[{s.T}]")) + "]";

    private static string Describe(Matrix m) => "[" + string.Join(", ", m.Select(s => $"{s.Metric} => {Describe(s)}")) + "]";

    internal static string Describe(RangeSeries s)
    {
        int h = s.Histograms?.Count ?? 0;
        string floats = string.Join(" ", s.Floats.Select(p => $"{FloatText.Format(p.F)} @[{p.T}]"));
        string hist = s.Histograms is null ? "" : string.Join(" ", s.Histograms.Select(p => $"{HistogramText.Format(p.H)} @[{p.T}]"));
        return $"{s.Floats.Count} float point{(s.Floats.Count == 1 ? "" : "s")} [{floats}] and {h} histogram point{(h == 1 ? "" : "s")} [{hist}]";
    }
}
