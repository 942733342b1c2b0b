using System.Globalization;
using System.Text.Json;
using Vigil.Core.Wire;

namespace Vigil.Otlp.Receivers;

/// <summary>
/// Encodes what OTLP receivers answer: <c>Export*ServiceResponse</c> (empty on full success, with
/// <c>partial_success</c> otherwise) and <c>google.rpc.Status</c> error bodies, in protobuf or JSON.
/// Field numbers: docs/formats/otlp.md; google.rpc.Status is <c>code=1, message=2, details=3 (Any)</c>.
/// </summary>
public static class OtlpResponses
{
    /// <summary>gRPC status codes used by the receivers (https://grpc.github.io/grpc/core/md_doc_statuscodes.html).</summary>
    public const int InvalidArgument = 3;
    public const int ResourceExhausted = 8;
    public const int Unavailable = 14;
    public const int Internal = 13;

    private const string RetryInfoType = "type.googleapis.com/google.rpc.RetryInfo";

    /// <summary>The JSON name of the rejected counter in each signal's partial success message.</summary>
    public static string RejectedFieldName(TelemetrySignal signal) => signal switch
    {
        TelemetrySignal.Traces => "rejectedSpans",
        TelemetrySignal.Metrics => "rejectedDataPoints",
        _ => "rejectedLogRecords",
    };

    public static byte[] ExportResponseProtobuf(ConsumeResult result)
    {
        if (result.Status != ConsumeStatus.PartiallyAccepted)
        {
            return [];
        }
        using var writer = new ProtoWriter(64 + result.Message.Length * 3);
        int start = writer.BeginMessage(1);
        writer.WriteInt64Field(1, result.Rejected);
        writer.WriteStringField(2, result.Message);
        writer.EndMessage(start);
        return writer.ToArray();
    }

    public static byte[] ExportResponseJson(ConsumeResult result, TelemetrySignal signal)
    {
        if (result.Status != ConsumeStatus.PartiallyAccepted)
        {
            return "{}"u8.ToArray();
        }
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartObject("partialSuccess");
            // int64 is a string in proto3 JSON.
            json.WriteString(RejectedFieldName(signal), result.Rejected.ToString(CultureInfo.InvariantCulture));
            if (result.Message.Length > 0)
            {
                json.WriteString("errorMessage", result.Message);
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return stream.ToArray();
    }

    /// <summary>A <c>google.rpc.Status</c>, with a <c>RetryInfo</c> detail when <paramref name="retryAfter"/> is set.</summary>
    public static byte[] StatusProtobuf(int code, string message, TimeSpan? retryAfter = null)
    {
        using var writer = new ProtoWriter(64 + message.Length * 3);
        writer.WriteInt32Field(1, code);
        writer.WriteStringField(2, message);
        if (retryAfter is { } delay)
        {
            int any = writer.BeginMessage(3);
            writer.WriteStringField(1, RetryInfoType);
            int value = writer.BeginMessage(2);
            int duration = writer.BeginMessage(1); // RetryInfo.retry_delay (google.protobuf.Duration)
            writer.WriteInt64Field(1, (long)delay.TotalSeconds);
            writer.WriteInt32Field(2, delay.Milliseconds * 1_000_000);
            writer.EndMessage(duration);
            writer.EndMessage(value);
            writer.EndMessage(any);
        }
        return writer.ToArray();
    }

    public static byte[] StatusJson(int code, string message, TimeSpan? retryAfter = null)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("code", code);
            json.WriteString("message", message);
            if (retryAfter is { } delay)
            {
                json.WriteStartArray("details");
                json.WriteStartObject();
                json.WriteString("@type", RetryInfoType);
                // google.protobuf.Duration's JSON form: seconds with an "s" suffix.
                json.WriteString("retryDelay", delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s");
                json.WriteEndObject();
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        return stream.ToArray();
    }
}
