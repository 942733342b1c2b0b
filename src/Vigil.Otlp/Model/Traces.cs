namespace Vigil.Otlp.Model;

/// <summary>One traces export request (OTLP <c>ExportTraceServiceRequest</c> / <c>TracesData</c>).</summary>
public sealed class TracesData
{
    public ResourceSpans[] ResourceSpans { get; set; } = [];

    /// <summary>Number of spans in the request, the unit receivers count in.</summary>
    public int SpanCount
    {
        get
        {
            int n = 0;
            foreach (var rs in ResourceSpans)
            {
                foreach (var ss in rs.ScopeSpans) n += ss.Spans.Length;
            }
            return n;
        }
    }
}

public sealed class ResourceSpans
{
    public Resource Resource { get; set; } = new();

    public ScopeSpans[] ScopeSpans { get; set; } = [];

    public string SchemaUrl { get; set; } = string.Empty;
}

public sealed class ScopeSpans
{
    public InstrumentationScope Scope { get; set; } = new();

    public Span[] Spans { get; set; } = [];

    public string SchemaUrl { get; set; } = string.Empty;
}

/// <summary>OTLP <c>Span.SpanKind</c>.</summary>
public enum SpanKind
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}

/// <summary>OTLP <c>Status.StatusCode</c>.</summary>
public enum StatusCode
{
    Unset = 0,
    Ok = 1,
    Error = 2,
}

public readonly record struct SpanStatus(string Message, StatusCode Code);

public sealed class Span
{
    public TraceId TraceId { get; set; }

    public SpanId SpanId { get; set; }

    public string TraceState { get; set; } = string.Empty;

    public SpanId ParentSpanId { get; set; }

    /// <summary>Bits 0-7: W3C trace flags; bit 8: has is_remote; bit 9: parent is remote.</summary>
    public uint Flags { get; set; }

    public string Name { get; set; } = string.Empty;

    public SpanKind Kind { get; set; }

    public ulong StartTimeUnixNano { get; set; }

    public ulong EndTimeUnixNano { get; set; }

    public KeyValue[] Attributes { get; set; } = [];

    public uint DroppedAttributesCount { get; set; }

    public SpanEvent[] Events { get; set; } = [];

    public uint DroppedEventsCount { get; set; }

    public SpanLink[] Links { get; set; } = [];

    public uint DroppedLinksCount { get; set; }

    public SpanStatus Status { get; set; } = new(string.Empty, StatusCode.Unset);
}

public sealed class SpanEvent
{
    public ulong TimeUnixNano { get; set; }

    public string Name { get; set; } = string.Empty;

    public KeyValue[] Attributes { get; set; } = [];

    public uint DroppedAttributesCount { get; set; }
}

public sealed class SpanLink
{
    public TraceId TraceId { get; set; }

    public SpanId SpanId { get; set; }

    public string TraceState { get; set; } = string.Empty;

    public KeyValue[] Attributes { get; set; } = [];

    public uint DroppedAttributesCount { get; set; }

    public uint Flags { get; set; }
}
