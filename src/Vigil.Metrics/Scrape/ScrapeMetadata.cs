using Vigil.Metrics.Model;
using Vigil.Metrics.Scrape.Parsing;
using Vigil.Metrics.Tsdb;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// The # TYPE / # HELP / # UNIT a target exposes, per metric family (Prometheus keeps these in the
/// scrape cache for <c>/api/v1/targets/metadata</c>). A scrape collects what it saw; after a
/// successful parse, families whose metadata changed are handed to the TSDB. Written by the loop,
/// read by the API under a lock.
/// </summary>
internal sealed class ScrapeMetadata
{
    private readonly Dictionary<string, MetricMetadata> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MetricMetadata> _known = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public void Observe(ExpositionParser parser, ExpositionEntry kind)
    {
        string family = parser.MetricFamily;
        if (!_pending.TryGetValue(family, out var current))
        {
            lock (_lock) current = _known.GetValueOrDefault(family) ?? new MetricMetadata(MetricType.Unknown, "", "");
        }
        _pending[family] = kind switch
        {
            ExpositionEntry.Type => current with { Type = parser.Type },
            ExpositionEntry.Help => current with { Help = parser.Help },
            _ => current with { Unit = parser.Unit },
        };
    }

    /// <summary>Hands changed families to the appender (labelled with the target's labels) and remembers them.</summary>
    public void Flush(IAppender appender, Labels targetLabels)
    {
        foreach (var (family, metadata) in _pending)
        {
            lock (_lock)
            {
                if (_known.TryGetValue(family, out var known) && known == metadata) continue;
                _known[family] = metadata;
            }
            appender.UpdateMetadata(new LabelsBuilder(targetLabels).Set(Labels.MetricName, family).Build(), metadata);
        }
        _pending.Clear();
    }

    /// <summary>A failed scrape's metadata is not applied.</summary>
    public void Discard() => _pending.Clear();

    public KeyValuePair<string, MetricMetadata>[] Snapshot()
    {
        lock (_lock) return [.. _known];
    }
}
