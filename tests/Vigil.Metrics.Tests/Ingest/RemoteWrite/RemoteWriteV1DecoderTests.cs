using CsCheck;
using Google.Protobuf;
using Vigil.Metrics.Ingest.RemoteWrite;
using Vigil.Metrics.Tests.Ingest.RemoteWrite.Support;
using Ref = Vigil.Metrics.Reference.RemoteWrite;

namespace Vigil.Metrics.Tests.Ingest.RemoteWrite;

/// <summary>
/// The 1.0 decoder against the reference encoder, and its error texts against what Prometheus 2.42
/// answered for the same bytes (gogo/protobuf's wording).
/// </summary>
public class RemoteWriteV1DecoderTests
{
    [Fact]
    public void Random_requests_decode_to_what_the_reference_encoded()
    {
        // CsCheck samples on several threads: one batch each.
        using var batches = new ThreadLocal<RemoteWriteBatch>(() => new RemoteWriteBatch());
        RequestGenerators.V1.Sample(request =>
        {
            // Compared with what the reference parser reads back: proto3 does not send a -0.0 scalar, for one.
            byte[] body = request.ToByteArray();
            RemoteWriteV1Decoder.Decode(body, batches.Value!);
            DecodedAssert.Same(Ref.WriteRequest.Parser.ParseFrom(body), batches.Value!);
        }, iter: 300);
    }

    [Fact]
    public void A_reused_batch_holds_only_the_latest_request()
    {
        var batch = new RemoteWriteBatch();
        var big = ReferenceRequests.V1(Enumerable.Range(0, 300)
            .Select(i => ReferenceRequests.Series(["__name__", $"m{i}", "job", "j"], (i, i))).ToArray());
        RemoteWriteV1Decoder.Decode(big.ToByteArray(), batch);
        var small = ReferenceRequests.V1(ReferenceRequests.Series(["__name__", "up"], (5, 1)));
        RemoteWriteV1Decoder.Decode(small.ToByteArray(), batch);
        DecodedAssert.Same(small, batch);
    }

    [Fact]
    public void Stale_marker_and_nan_payloads_keep_their_bits()
    {
        var stale = BitConverter.UInt64BitsToDouble(0x7ff0000000000002UL);
        var request = ReferenceRequests.V1(ReferenceRequests.Series(["__name__", "x"], (1, stale), (2, double.NaN)));
        var batch = new RemoteWriteBatch();
        RemoteWriteV1Decoder.Decode(request.ToByteArray(), batch);
        var samples = batch.SamplesOf(batch.Series[0]);
        Assert.Equal(0x7ff0000000000002UL, BitConverter.DoubleToUInt64Bits(samples[0].Value));
        Assert.Equal(BitConverter.DoubleToUInt64Bits(double.NaN), BitConverter.DoubleToUInt64Bits(samples[1].Value));
    }

    [Fact]
    public void Invalid_utf8_in_a_label_marks_the_series_instead_of_failing()
    {
        // TimeSeries { Labels { Name = 0xff 0xfe, Value = "v" }, Samples { Value = 0, Timestamp = 1 } }
        byte[] label = [0x0a, 0x02, 0xff, 0xfe, 0x12, 0x01, (byte)'v'];
        byte[] sample = [0x10, 0x01];
        byte[] series = [0x0a, (byte)label.Length, .. label, 0x12, (byte)sample.Length, .. sample];
        byte[] body = [0x0a, (byte)series.Length, .. series];
        var batch = new RemoteWriteBatch();
        RemoteWriteV1Decoder.Decode(body, batch);
        Assert.True(batch.Series[0].InvalidUtf8);
        Assert.Equal(1, batch.Series[0].SampleCount);
    }

    [Fact]
    public void Unknown_fields_are_skipped_including_groups()
    {
        var known = ReferenceRequests.V1(ReferenceRequests.Series(["__name__", "up"], (7, 1))).ToByteArray();
        // field 9 varint, field 10 fixed32, field 11 group { field 1 varint } end, then the known request.
        byte[] unknown = [0x48, 0x05, 0x55, 1, 2, 3, 4, 0x5b, 0x08, 0x01, 0x5c];
        var batch = new RemoteWriteBatch();
        RemoteWriteV1Decoder.Decode([.. unknown, .. known], batch);
        Assert.Equal(1, batch.Series.Length);
        Assert.Equal(7, batch.SamplesOf(batch.Series[0])[0].Timestamp);
    }

    [Theory]
    // Each body and the text Prometheus 2.42 answered for it (see docs/apis/prometheus-remote-write.md).
    [InlineData("0a 02 08 01", "proto: wrong wireType = 0 for field Labels")]
    [InlineData("0a 04 12 02 08 01", "proto: wrong wireType = 0 for field Value")]
    [InlineData("0e", "proto: wrong wireType = 6 for field Timeseries")]
    [InlineData("0a 01 2e", "proto: illegal wireType 6")]
    [InlineData("0a 02 00 01", "proto: TimeSeries: illegal tag 0 (wire type 0)")]
    [InlineData("0a 01 3c", "proto: TimeSeries: wiretype end group for non-group")]
    [InlineData("0a 02 0a 64", "unexpected EOF")]
    [InlineData("0a 0c 0a ff ff ff ff ff ff ff ff ff ff ff", "proto: integer overflow")]
    [InlineData("0a", "unexpected EOF")]
    [InlineData("1a 02 08", "unexpected EOF")]
    [InlineData("1a 02 12 01", "unexpected EOF")]
    [InlineData("1a 02 10 01", "proto: wrong wireType = 0 for field MetricFamilyName")]
    [InlineData("0a 03 22 01 08", "unexpected EOF")]
    [InlineData("0a 04 22 02 12 01", "proto: wrong wireType = 2 for field CountFloat")]
    [InlineData("0a 05 22 03 52 01 00", "unexpected EOF")]
    [InlineData("0a 04 22 02 4d 00", "proto: wrong wireType = 5 for field NegativeDeltas")]
    public void Malformed_bodies_fail_with_gogo_texts(string hex, string expected)
    {
        var e = Assert.Throws<RemoteWriteDecodeException>(() => RemoteWriteV1Decoder.Decode(Convert.FromHexString(hex.Replace(" ", "")), new RemoteWriteBatch()));
        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public void Wrong_protobuf_message_decodes_as_empty_not_garbage()
    {
        // A 2.0 request sent as 1.0: its fields 4 and 5 are unknown to WriteRequest (that is why 2.0 reserved 1 to 3).
        var v2 = new V2RequestBuilder();
        v2.Series(["__name__", "up"], (1, 1));
        var batch = new RemoteWriteBatch();
        RemoteWriteV1Decoder.Decode(v2.Request.ToByteArray(), batch);
        Assert.Equal(0, batch.Series.Length);
    }

    [Fact]
    public void Packed_and_unpacked_histogram_arrays_count_alike()
    {
        var histogram = new Ref.Histogram { PositiveDeltas = { 1, -2, 3 }, PositiveCounts = { 1.5, 2.5 }, Timestamp = 9 };
        var series = new Ref.TimeSeries { Histograms = { histogram } };
        byte[] packed = ReferenceRequests.V1(series).ToByteArray();
        // The same histogram with every element as its own (unpacked) field.
        byte[] h = [0x60, 0x02, 0x60, 0x03, 0x60, 0x06, 0x69, .. BitConverter.GetBytes(1.5), 0x69, .. BitConverter.GetBytes(2.5), 0x78, 0x09];
        byte[] s = [0x22, (byte)h.Length, .. h];
        byte[] unpacked = [0x0a, (byte)s.Length, .. s];
        foreach (var body in new[] { packed, unpacked })
        {
            var batch = new RemoteWriteBatch();
            RemoteWriteV1Decoder.Decode(body, batch);
            var decoded = batch.HistogramsOf(batch.Series[0])[0];
            Assert.Equal((3, 2, 9L), (decoded.PositiveDeltas, decoded.PositiveCounts, decoded.Timestamp));
        }
    }
}
