namespace Vigil.Otlp.Model;

/// <summary>One logs export request (OTLP <c>ExportLogsServiceRequest</c> / <c>LogsData</c>).</summary>
public sealed class LogsData
{
    public ResourceLogs[] ResourceLogs { get; set; } = [];

    public int LogRecordCount
    {
        get
        {
            int n = 0;
            foreach (var rl in ResourceLogs)
            {
                foreach (var sl in rl.ScopeLogs) n += sl.LogRecords.Length;
            }
            return n;
        }
    }
}

public sealed class ResourceLogs
{
    public Resource Resource { get; set; } = new();

    public ScopeLogs[] ScopeLogs { get; set; } = [];

    public string SchemaUrl { get; set; } = string.Empty;
}

public sealed class ScopeLogs
{
    public InstrumentationScope Scope { get; set; } = new();

    public LogRecord[] LogRecords { get; set; } = [];

    public string SchemaUrl { get; set; } = string.Empty;
}

/// <summary>OTLP <c>SeverityNumber</c>: 0 unspecified, 1-4 TRACE, 5-8 DEBUG, 9-12 INFO, 13-16 WARN, 17-20 ERROR, 21-24 FATAL.</summary>
public enum SeverityNumber
{
    Unspecified = 0,
    Trace = 1,
    Debug = 5,
    Info = 9,
    Warn = 13,
    Error = 17,
    Fatal = 21,
}

public sealed class LogRecord
{
    public ulong TimeUnixNano { get; set; }

    public ulong ObservedTimeUnixNano { get; set; }

    public SeverityNumber SeverityNumber { get; set; }

    public string SeverityText { get; set; } = string.Empty;

    public AnyValue Body { get; set; }

    public KeyValue[] Attributes { get; set; } = [];

    public uint DroppedAttributesCount { get; set; }

    /// <summary>Low 8 bits: W3C trace flags.</summary>
    public uint Flags { get; set; }

    public TraceId TraceId { get; set; }

    public SpanId SpanId { get; set; }

    public string EventName { get; set; } = string.Empty;
}
