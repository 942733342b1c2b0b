using Xunit.Abstractions;
using Xunit.Sdk;

namespace Vigil.Metrics.Tests.PromQL.Conformance;

/// <summary>
/// A theory whose rows (conformance cases) are skipped at discovery when the case is classified out (native
/// histograms, start timestamps) or listed in known-failures.txt; xunit 2 cannot skip a row from inside the test.
/// </summary>
[XunitTestCaseDiscoverer("Vigil.Metrics.Tests.PromQL.Conformance.ConformanceTheoryDiscoverer", "Vigil.Metrics.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ConformanceTheoryAttribute : TheoryAttribute;

/// <summary>Creates a skipped test case for each row whose case id (the first argument) has a skip reason.</summary>
public sealed class ConformanceTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    protected override IEnumerable<IXunitTestCase> CreateTestCasesForDataRow(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute, object[] dataRow)
    {
        string? reason = dataRow.Length > 0 && dataRow[0] is string id ? SkipReason(id) : null;
        return reason is null
            ? base.CreateTestCasesForDataRow(discoveryOptions, testMethod, theoryAttribute, dataRow)
            : CreateTestCasesForSkippedDataRow(discoveryOptions, testMethod, theoryAttribute, dataRow, reason);
    }

    internal static string? SkipReason(string id)
    {
        if (ConformanceCorpus.Instance.ById.TryGetValue(id, out var c) && c.SkipCategory is { } category) return category;
        return KnownFailures.Current.TryGetValue(id, out string? why) ? $"known failure: {why}" : null;
    }
}
