using Microsoft.Extensions.Logging;
using Vigil.Metrics.Model;

namespace Vigil.Metrics.Ingest.RemoteWrite;

/// <summary>
/// Collects the series of one request skipped for their labels: counted in the stats and logged once
/// per request with the first one as example (upstream logs every one; a misconfigured sender would
/// flood the log).
/// </summary>
internal struct InvalidSeries
{
    private int _series;
    private long _samples;
    private string? _example;
    private string? _reason;

    public void Add(ReadOnlySpan<Label> labels, LabelProblem problem, string? detail, long samples)
    {
        _series++;
        _samples += samples;
        if (_example is null)
        {
            _example = SeriesLabels.Format(labels);
            _reason = problem switch
            {
                LabelProblem.DuplicateName => $"duplicate label name {detail}",
                LabelProblem.Invalid => "missing or invalid metric name, or invalid label names or values",
                _ => detail ?? "invalid series",
            };
        }
    }

    public readonly void Flush(ILogger log, RemoteWriteStats stats)
    {
        if (_series == 0)
        {
            return;
        }
        stats.InvalidLabels(_series, _samples);
        RemoteWriteLog.InvalidLabels(log, _series, _example!, _reason!);
    }
}

/// <summary>
/// The error lines of a 2.0 partial write, joined with newlines as upstream's <c>errors.Join</c>; after
/// <see cref="RemoteWriteWriter.MaxErrorLines"/> lines only a count of the rest is kept.
/// </summary>
internal sealed class ErrorLines
{
    private readonly List<string> _lines = [];

    public int Count { get; private set; }

    public void Add(string line)
    {
        if (_lines.Count < RemoteWriteWriter.MaxErrorLines)
        {
            _lines.Add(line);
        }
        Count++;
    }

    public override string ToString()
    {
        string text = string.Join('\n', _lines);
        return Count > _lines.Count ? $"{text}\n... and {Count - _lines.Count} more errors" : text;
    }
}
