using System.Text;
using Vigil.Core.Wire;

namespace Vigil.Tests.Support;

/// <summary>Reads a protobuf google.rpc.Status (code=1, message=2) as the receivers send it.</summary>
internal static class StatusMessage
{
    public static (int Code, string Message) Decode(byte[] body)
    {
        var reader = new ProtoReader(body);
        int code = 0;
        string message = string.Empty;
        while (reader.TryReadTag(out int field, out WireType type))
        {
            if (field == 1) code = (int)reader.ReadVarint64();
            else if (field == 2) message = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
            else reader.SkipField(field, type);
        }
        return (code, message);
    }

    /// <summary>Reads ExportXServiceResponse.partial_success (field 1: rejected=1, error_message=2).</summary>
    public static (long Rejected, string Message)? PartialSuccess(byte[] body)
    {
        var reader = new ProtoReader(body);
        while (reader.TryReadTag(out int field, out WireType type))
        {
            if (field != 1)
            {
                reader.SkipField(field, type);
                continue;
            }
            var inner = new ProtoReader(reader.ReadLengthDelimited());
            long rejected = 0;
            string message = string.Empty;
            while (inner.TryReadTag(out int f, out WireType t))
            {
                if (f == 1) rejected = (long)inner.ReadVarint64();
                else if (f == 2) message = Encoding.UTF8.GetString(inner.ReadLengthDelimited());
                else inner.SkipField(f, t);
            }
            return (rejected, message);
        }
        return null;
    }
}
