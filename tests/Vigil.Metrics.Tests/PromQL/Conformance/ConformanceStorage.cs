using Vigil.Metrics.Tsdb;
using Vigil.Metrics.Tsdb.Head;
using Vigil.Metrics.Tsdb.Querying;
using IQueryable = Vigil.Metrics.Tsdb.Querying.IQueryable;

namespace Vigil.Metrics.Tests.PromQL.Conformance;

/// <summary>
/// The storage the scripts load into: the real in-memory <see cref="Head"/>, so queries go through the TSDB's own
/// read path (postings, XOR chunks, iterators). Default <see cref="HeadOptions"/> fit the scripts: every load
/// block starts at t=0 but a series only ever gets newer samples, later blocks that add older samples do so to
/// other series (the head has no minimum valid time until a block is cut), and out-of-order samples are
/// rejected as upstream's test storage rejects them (README 6). Histogram samples are not stored: the head
/// holds floats only until the native histogram issue; cases that need them are skipped before running.
/// </summary>
internal sealed class ConformanceStorage : IQueryable
{
    private Head _head = new(new HeadOptions());

    public IQuerier Querier(long mint, long maxt) => new HeadQuerier(_head, mint, maxt);

    /// <summary><c>clear</c>: a fresh, empty head.</summary>
    public void Clear() => _head = new Head(new HeadOptions());

    /// <summary>Appends a load block in one commit; returns null, or why the load failed (which stops the file, as upstream).</summary>
    public string? Load(LoadCommand load)
    {
        var appender = _head.Appender();
        foreach (var series in load.Series)
        {
            ulong seriesRef = 0;
            for (int i = 0; i < series.Values.Count; i++)
            {
                var v = series.Values[i];
                if (v.Omitted || v.Histogram is not null) continue;
                var status = appender.Append(ref seriesRef, series.Metric, i * load.StepMs, v.Value);
                if (status != AppendStatus.Ok)
                {
                    appender.Rollback();
                    return $"load at line {load.Line}: appending {series.Metric} at t={i * load.StepMs} failed: {status}";
                }
            }
        }
        // The head's default log is synchronous and in memory: the commit completes before it returns.
        appender.CommitAsync().AsTask().GetAwaiter().GetResult();
        return null;
    }
}
