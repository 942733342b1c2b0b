using Vigil.Metrics.Model;

namespace Vigil.Metrics.Scrape.Parsing;

/// <summary>
/// The exemplar of one OpenMetrics sample (<c> # {trace_id="..."} 0.67 1520879607.789</c>). The
/// timestamp is in milliseconds (the exposition's float seconds converted as Prometheus does, truncated);
/// null when the line gave none (Prometheus then stamps it with the sample's time).
/// </summary>
internal readonly record struct ScrapedExemplar(Labels Labels, double Value, long? TimestampMs)
{
    /// <summary>OpenMetrics 1.0 caps an exemplar's label names plus values at 128 UTF-8 characters.</summary>
    public const int MaxLabelSetRunes = 128;

    /// <summary>
    /// True when the label set is over <see cref="MaxLabelSetRunes"/>. The parser does not reject such
    /// an exemplar: Prometheus only drops it at the exemplar store (<c>exemplar label length exceeds
    /// maximum of 128 UTF-8 characters</c>) and keeps the sample, and so should the caller.
    /// </summary>
    public bool ExceedsLabelLimit
    {
        get
        {
            int runes = 0;
            foreach (var label in Labels.AsSpan())
            {
                runes += CountRunes(label.Name) + CountRunes(label.Value);
            }
            return runes > MaxLabelSetRunes;
        }
    }

    private static int CountRunes(string s)
    {
        int count = 0;
        foreach (var _ in s.EnumerateRunes()) count++;
        return count;
    }
}
