using Vigil.Otlp.Model;

namespace Vigil.Otlp.Json;

public static partial class OtlpJsonDecoder
{
    private static readonly string[] SpanKindNames =
    [
        "SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER",
    ];

    private static readonly string[] StatusCodeNames = ["STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"];

    private ref partial struct Parser
    {
        public TracesData ReadTracesData()
        {
            ReadRoot("ExportTraceServiceRequest");
            var result = new TracesData();
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextProperty(key, out int n))
            {
                if (key[..n].SequenceEqual("resourcespans"u8))
                {
                    ExpectArray("resourceSpans");
                    var items = new ArrayBuilder<ResourceSpans>();
                    while (NextElement("resourceSpans"))
                    {
                        items.Add(ReadResourceSpans());
                    }
                    result.ResourceSpans = items.ToArray();
                }
                else
                {
                    Skip();
                }
            }
            ReadEnd();
            return result;
        }

        private ResourceSpans ReadResourceSpans()
        {
            ExpectObject("resourceSpans");
            var result = new ResourceSpans();
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextProperty(key, out int n))
            {
                var name = key[..n];
                if (name.SequenceEqual("resource"u8))
                {
                    result.Resource = ReadResource();
                }
                else if (name.SequenceEqual("scopespans"u8))
                {
                    ExpectArray("scopeSpans");
                    var items = new ArrayBuilder<ScopeSpans>();
                    while (NextElement("scopeSpans"))
                    {
                        items.Add(ReadScopeSpans());
                    }
                    result.ScopeSpans = items.ToArray();
                }
                else if (name.SequenceEqual("schemaurl"u8))
                {
                    result.SchemaUrl = ReadString(Names, "schemaUrl");
                }
                else
                {
                    Skip();
                }
            }
            return result;
        }

        private ScopeSpans ReadScopeSpans()
        {
            ExpectObject("scopeSpans");
            var result = new ScopeSpans();
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextProperty(key, out int n))
            {
                var name = key[..n];
                if (name.SequenceEqual("scope"u8))
                {
                    result.Scope = ReadScope();
                }
                else if (name.SequenceEqual("spans"u8))
                {
                    ExpectArray("spans");
                    var items = new ArrayBuilder<Span>();
                    while (NextElement("spans"))
                    {
                        items.Add(ReadSpan());
                    }
                    result.Spans = items.ToArray();
                }
                else if (name.SequenceEqual("schemaurl"u8))
                {
                    result.SchemaUrl = ReadString(Names, "schemaUrl");
                }
                else
                {
                    Skip();
                }
            }
            return result;
        }

        private Span ReadSpan()
        {
            ExpectObject("span");
            var span = new Span();
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextProperty(key, out int n))
            {
                var name = key[..n];
                switch (name.Length)
                {
                    case 4 when name.SequenceEqual("name"u8):
                        span.Name = ReadString(Names, "name");
                        break;
                    case 4 when name.SequenceEqual("kind"u8):
                        span.Kind = (SpanKind)ReadEnum("kind", SpanKindNames);
                        break;
                    case 5 when name.SequenceEqual("flags"u8):
                        span.Flags = ReadUInt32("flags");
                        break;
                    case 5 when name.SequenceEqual("links"u8):
                        span.Links = ReadLinks();
                        break;
                    case 6 when name.SequenceEqual("spanid"u8):
                        span.SpanId = ReadSpanId("spanId");
                        break;
                    case 6 when name.SequenceEqual("events"u8):
                        span.Events = ReadEvents();
                        break;
                    case 6 when name.SequenceEqual("status"u8):
                        span.Status = ReadStatus();
                        break;
                    case 7 when name.SequenceEqual("traceid"u8):
                        span.TraceId = ReadTraceId("traceId");
                        break;
                    case 10 when name.SequenceEqual("tracestate"u8):
                        span.TraceState = ReadString(null, "traceState");
                        break;
                    case 10 when name.SequenceEqual("attributes"u8):
                        span.Attributes = ReadKeyValues("attributes", 0);
                        break;
                    case 12 when name.SequenceEqual("parentspanid"u8):
                        span.ParentSpanId = ReadSpanId("parentSpanId");
                        break;
                    case 15 when name.SequenceEqual("endtimeunixnano"u8):
                        span.EndTimeUnixNano = ReadUInt64("endTimeUnixNano");
                        break;
                    case 17 when name.SequenceEqual("starttimeunixnano"u8):
                        span.StartTimeUnixNano = ReadUInt64("startTimeUnixNano");
                        break;
                    case 17 when name.SequenceEqual("droppedlinkscount"u8):
                        span.DroppedLinksCount = ReadUInt32("droppedLinksCount");
                        break;
                    case 18 when name.SequenceEqual("droppedeventscount"u8):
                        span.DroppedEventsCount = ReadUInt32("droppedEventsCount");
                        break;
                    case 22 when name.SequenceEqual("droppedattributescount"u8):
                        span.DroppedAttributesCount = ReadUInt32("droppedAttributesCount");
                        break;
                    default:
                        Skip();
                        break;
                }
            }
            return span;
        }

        private SpanEvent[] ReadEvents()
        {
            ExpectArray("events");
            var items = new ArrayBuilder<SpanEvent>();
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextElement("events"))
            {
                ExpectObject("event");
                var e = new SpanEvent();
                while (NextProperty(key, out int n))
                {
                    var name = key[..n];
                    if (name.SequenceEqual("timeunixnano"u8))
                    {
                        e.TimeUnixNano = ReadUInt64("timeUnixNano");
                    }
                    else if (name.SequenceEqual("name"u8))
                    {
                        e.Name = ReadString(Names, "name");
                    }
                    else if (name.SequenceEqual("attributes"u8))
                    {
                        e.Attributes = ReadKeyValues("attributes", 0);
                    }
                    else if (name.SequenceEqual("droppedattributescount"u8))
                    {
                        e.DroppedAttributesCount = ReadUInt32("droppedAttributesCount");
                    }
                    else
                    {
                        Skip();
                    }
                }
                items.Add(e);
            }
            return items.ToArray();
        }

        private SpanLink[] ReadLinks()
        {
            ExpectArray("links");
            var items = new ArrayBuilder<SpanLink>();
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextElement("links"))
            {
                ExpectObject("link");
                var link = new SpanLink();
                while (NextProperty(key, out int n))
                {
                    var name = key[..n];
                    if (name.SequenceEqual("traceid"u8))
                    {
                        link.TraceId = ReadTraceId("traceId");
                    }
                    else if (name.SequenceEqual("spanid"u8))
                    {
                        link.SpanId = ReadSpanId("spanId");
                    }
                    else if (name.SequenceEqual("tracestate"u8))
                    {
                        link.TraceState = ReadString(null, "traceState");
                    }
                    else if (name.SequenceEqual("attributes"u8))
                    {
                        link.Attributes = ReadKeyValues("attributes", 0);
                    }
                    else if (name.SequenceEqual("droppedattributescount"u8))
                    {
                        link.DroppedAttributesCount = ReadUInt32("droppedAttributesCount");
                    }
                    else if (name.SequenceEqual("flags"u8))
                    {
                        link.Flags = ReadUInt32("flags");
                    }
                    else
                    {
                        Skip();
                    }
                }
                items.Add(link);
            }
            return items.ToArray();
        }

        private SpanStatus ReadStatus()
        {
            ExpectObject("status");
            string message = string.Empty;
            var code = StatusCode.Unset;
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextProperty(key, out int n))
            {
                var name = key[..n];
                if (name.SequenceEqual("message"u8))
                {
                    message = ReadString(null, "message");
                }
                else if (name.SequenceEqual("code"u8))
                {
                    code = (StatusCode)ReadEnum("code", StatusCodeNames);
                }
                else
                {
                    Skip();
                }
            }
            return new SpanStatus(message, code);
        }
    }
}
