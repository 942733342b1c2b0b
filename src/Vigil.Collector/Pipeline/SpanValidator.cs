using Vigil.Otlp.Model;

namespace Vigil.Collector.Pipeline;

/// <summary>
/// Drops spans that no trace store can index: an all-zero (or missing) trace_id or span_id, which the
/// OTLP spec calls invalid. The rest of the request is kept and the sender gets a partial success.
/// </summary>
internal static class SpanValidator
{
    public static int RemoveInvalid(TracesData data, out string message)
    {
        int rejected = 0;
        foreach (var rs in data.ResourceSpans)
        {
            foreach (var ss in rs.ScopeSpans)
            {
                int bad = 0;
                foreach (var span in ss.Spans)
                {
                    if (IsInvalid(span)) bad++;
                }
                if (bad == 0)
                {
                    continue;
                }
                var kept = new Span[ss.Spans.Length - bad];
                int i = 0;
                foreach (var span in ss.Spans)
                {
                    if (!IsInvalid(span)) kept[i++] = span;
                }
                ss.Spans = kept;
                rejected += bad;
            }
        }
        message = rejected == 0 ? string.Empty
            : $"{rejected} span(s) rejected: trace_id and span_id must be non-zero (16 and 8 bytes)";
        return rejected;
    }

    private static bool IsInvalid(Span span) => span.TraceId.IsEmpty || span.SpanId.IsEmpty;
}
