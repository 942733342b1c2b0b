using Vigil.Otlp.Model;

namespace Vigil.Otlp.Json;

public static partial class OtlpJsonDecoder
{
    /// <summary>SEVERITY_NUMBER_UNSPECIFIED, then TRACE, TRACE2..TRACE4, DEBUG.. up to FATAL4, indexed by number.</summary>
    private static readonly string[] SeverityNames = BuildSeverityNames();

    private static string[] BuildSeverityNames()
    {
        var names = new List<string> { "SEVERITY_NUMBER_UNSPECIFIED" };
        foreach (string level in (string[])["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"])
        {
            names.Add("SEVERITY_NUMBER_" + level);
            for (int i = 2; i <= 4; i++)
            {
                names.Add($"SEVERITY_NUMBER_{level}{i}");
            }
        }
        return [.. names];
    }

    private ref partial struct Parser
    {
        public LogsData ReadLogsData()
        {
            ReadRoot("ExportLogsServiceRequest");
            var result = new LogsData();
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextProperty(key, out int n))
            {
                if (key[..n].SequenceEqual("resourcelogs"u8))
                {
                    ExpectArray("resourceLogs");
                    var items = new ArrayBuilder<ResourceLogs>();
                    while (NextElement("resourceLogs"))
                    {
                        items.Add(ReadResourceLogs());
                    }
                    result.ResourceLogs = items.ToArray();
                }
                else
                {
                    Skip();
                }
            }
            ReadEnd();
            return result;
        }

        private ResourceLogs ReadResourceLogs()
        {
            ExpectObject("resourceLogs");
            var result = new ResourceLogs();
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextProperty(key, out int n))
            {
                var name = key[..n];
                if (name.SequenceEqual("resource"u8))
                {
                    result.Resource = ReadResource();
                }
                else if (name.SequenceEqual("scopelogs"u8))
                {
                    ExpectArray("scopeLogs");
                    var items = new ArrayBuilder<ScopeLogs>();
                    while (NextElement("scopeLogs"))
                    {
                        items.Add(ReadScopeLogs());
                    }
                    result.ScopeLogs = items.ToArray();
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

        private ScopeLogs ReadScopeLogs()
        {
            ExpectObject("scopeLogs");
            var result = new ScopeLogs();
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextProperty(key, out int n))
            {
                var name = key[..n];
                if (name.SequenceEqual("scope"u8))
                {
                    result.Scope = ReadScope();
                }
                else if (name.SequenceEqual("logrecords"u8))
                {
                    ExpectArray("logRecords");
                    var items = new ArrayBuilder<LogRecord>();
                    while (NextElement("logRecords"))
                    {
                        items.Add(ReadLogRecord());
                    }
                    result.LogRecords = items.ToArray();
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

        private LogRecord ReadLogRecord()
        {
            ExpectObject("logRecord");
            var record = new LogRecord();
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextProperty(key, out int n))
            {
                var name = key[..n];
                switch (name.Length)
                {
                    case 4 when name.SequenceEqual("body"u8):
                        record.Body = ReadAnyValue(0, cacheStrings: false);
                        break;
                    case 5 when name.SequenceEqual("flags"u8):
                        record.Flags = ReadUInt32("flags");
                        break;
                    case 6 when name.SequenceEqual("spanid"u8):
                        record.SpanId = ReadSpanId("spanId");
                        break;
                    case 7 when name.SequenceEqual("traceid"u8):
                        record.TraceId = ReadTraceId("traceId");
                        break;
                    case 9 when name.SequenceEqual("eventname"u8):
                        record.EventName = ReadString(Names, "eventName");
                        break;
                    case 10 when name.SequenceEqual("attributes"u8):
                        record.Attributes = ReadKeyValues("attributes", 0);
                        break;
                    case 12 when name.SequenceEqual("timeunixnano"u8):
                        record.TimeUnixNano = ReadUInt64("timeUnixNano");
                        break;
                    case 12 when name.SequenceEqual("severitytext"u8):
                        record.SeverityText = ReadString(Names, "severityText");
                        break;
                    case 14 when name.SequenceEqual("severitynumber"u8):
                        record.SeverityNumber = (SeverityNumber)ReadEnum("severityNumber", SeverityNames);
                        break;
                    case 20 when name.SequenceEqual("observedtimeunixnano"u8):
                        record.ObservedTimeUnixNano = ReadUInt64("observedTimeUnixNano");
                        break;
                    case 22 when name.SequenceEqual("droppedattributescount"u8):
                        record.DroppedAttributesCount = ReadUInt32("droppedAttributesCount");
                        break;
                    default:
                        Skip();
                        break;
                }
            }
            return record;
        }
    }
}
