using Vigil.Metrics.Model;
using Vigil.Metrics.Scrape.Parsing;
using Vigil.Metrics.Tsdb;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// Collects # TYPE / # HELP / # UNIT of one scrape and hands changed entries to the TSDB (which keeps
/// metadata per metric family for /api/v1/metadata and /api/v1/targets/metadata).
/// </summary>
internal sealed class ScrapeMetadata
{
    private readonly Dictionary<string, (MetricType Type, string Help, string Unit)> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MetricMetadata> _known = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, MetricMetadata> Known => _known;

    public void Observe(ExpositionParser parser, ExpositionEntry kind)
    {
        string family = parser.MetricFamily;
        var current = _pending.TryGetValue(family, out var p) ? p
            : _known.TryGetValue(family, out var k) ? (k.Type, k.Help, k.Unit) : (MetricType.Unknown, "", "");
        current = kind switch
        {
            ExpositionEntry.Type => (parser.Type, current.Help, current.Unit),
            ExpositionEntry.Help => (current.Type, parser.Help, current.Unit),
            _ => (current.Type, current.Help, parser.Unit),
        };
        _pending[family] = current;
    }

    public void Flush(IAppender appender, Labels targetLabels)
    {
        foreach (var (family, (type, help, unit)) in _pending)
        {
            var metadata = new MetricMetadata(type, help, unit);
            if (_known.TryGetValue(family, out var known) && known == metadata) continue;
            _known[family] = metadata;
            appender.UpdateMetadata(new LabelsBuilder(targetLabels).Set(Labels.MetricName, family).Build(), metadata);
        }
        _pending.Clear();
    }
}
