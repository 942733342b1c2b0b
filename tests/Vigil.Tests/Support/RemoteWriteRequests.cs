using Snappier;
using Vigil.Core.Wire;

namespace Vigil.Tests.Support;

/// <summary>Builds snappy-compressed remote write 1.0 bodies (WriteRequest → TimeSeries → Label/Sample), as Prometheus sends them.</summary>
internal static class RemoteWriteRequests
{
    public static byte[] Encode(IEnumerable<(IReadOnlyList<(string Name, string Value)> Labels, IReadOnlyList<(long T, double V)> Samples)> series)
    {
        using var request = new ProtoWriter();
        using var ts = new ProtoWriter();
        using var item = new ProtoWriter();
        foreach (var (labels, samples) in series)
        {
            ts.Reset();
            foreach (var (name, value) in labels.OrderBy(l => l.Name, StringComparer.Ordinal))
            {
                item.Reset();
                item.WriteStringField(1, name);
                item.WriteStringField(2, value);
                ts.WriteBytesFieldAlways(1, item.WrittenSpan);
            }
            foreach (var (t, v) in samples)
            {
                item.Reset();
                item.WriteDoubleFieldAlways(1, v);
                item.WriteInt64Field(2, t);
                ts.WriteBytesFieldAlways(2, item.WrittenSpan);
            }
            request.WriteBytesFieldAlways(1, ts.WrittenSpan);
        }
        return Snappy.CompressToArray(request.WrittenSpan);
    }

    public static HttpRequestMessage Post(Uri prometheus, byte[] body)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, new Uri(prometheus, "/api/v1/write")) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-protobuf");
        message.Content.Headers.ContentEncoding.Add("snappy");
        message.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
        return message;
    }
}
