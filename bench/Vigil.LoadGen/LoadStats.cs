using System.Collections.Concurrent;
using System.Diagnostics;

namespace Vigil.LoadGen;

/// <summary>Counters shared by the workers; latencies are kept only inside the measured window.</summary>
public sealed class LoadStats
{
    private readonly ConcurrentDictionary<string, long> _errorKinds = new(StringComparer.Ordinal);
    private readonly List<double> _latenciesMs = [];
    private long _requests;
    private long _spans;
    private long _errors;
    private long _rejected;

    public volatile bool RecordLatencies;

    public long Requests => Interlocked.Read(ref _requests);

    public long Spans => Interlocked.Read(ref _spans);

    public long Errors => Interlocked.Read(ref _errors);

    public long Rejected => Interlocked.Read(ref _rejected);

    public void Success(int spans, long elapsedTicks)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _spans, spans);
        if (RecordLatencies)
        {
            double ms = elapsedTicks * 1000.0 / Stopwatch.Frequency;
            lock (_latenciesMs)
            {
                _latenciesMs.Add(ms);
            }
        }
    }

    public void Fail(string kind)
    {
        Interlocked.Increment(ref _errors);
        _errorKinds.AddOrUpdate(kind, 1, static (_, n) => n + 1);
    }

    public void Reject(string kind)
    {
        Interlocked.Increment(ref _rejected);
        _errorKinds.AddOrUpdate(kind, 1, static (_, n) => n + 1);
    }

    /// <summary>Error messages by count, most frequent first.</summary>
    public IEnumerable<(string Kind, long Count)> ErrorKinds()
    {
        var list = new List<(string, long)>();
        foreach (var pair in _errorKinds)
        {
            list.Add((pair.Key, pair.Value));
        }
        list.Sort(static (a, b) => b.Item2.CompareTo(a.Item2));
        return list;
    }

    /// <summary>The measured window's request latencies in milliseconds, sorted.</summary>
    public double[] Latencies()
    {
        double[] copy;
        lock (_latenciesMs)
        {
            copy = [.. _latenciesMs];
        }
        Array.Sort(copy);
        return copy;
    }
}
