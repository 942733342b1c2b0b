using CsCheck;
using Google.Protobuf;
using Vigil.Metrics.Ingest.RemoteWrite;
using Vigil.Metrics.Tests.Ingest.RemoteWrite.Support;
using RefV2 = Vigil.Metrics.Reference.RemoteWriteV2;

namespace Vigil.Metrics.Tests.Ingest.RemoteWrite;

/// <summary>The 2.0 decoder against the reference encoder, and its symbol table checks.</summary>
public class RemoteWriteV2DecoderTests
{
    [Fact]
    public void Random_requests_decode_to_what_the_reference_encoded()
    {
        using var batches = new ThreadLocal<RemoteWriteBatch>(() => new RemoteWriteBatch());
        RequestGenerators.V2.Sample(request =>
        {
            byte[] body = request.ToByteArray();
            RemoteWriteV2Decoder.Decode(body, batches.Value!);
            DecodedAssert.Same(RefV2.Request.Parser.ParseFrom(body), batches.Value!);
        }, iter: 300);
    }

    [Fact]
    public void Series_before_symbols_on_the_wire_still_resolve()
    {
        var builder = new V2RequestBuilder();
        builder.Series(["__name__", "up", "job", "node"], (10, 1));
        var request = builder.Request;
        // Protobuf concatenation merges: the series first, then the symbols.
        var seriesOnly = new RefV2.Request { Timeseries = { request.Timeseries } };
        var symbolsOnly = new RefV2.Request { Symbols = { request.Symbols } };
        byte[] body = [.. seriesOnly.ToByteArray(), .. symbolsOnly.ToByteArray()];
        var batch = new RemoteWriteBatch();
        RemoteWriteV2Decoder.Decode(body, batch);
        DecodedAssert.Same(request, batch);
    }

    [Fact]
    public void Unpacked_label_refs_decode_like_packed_ones()
    {
        // Request { symbols: "", "__name__", "up"; timeseries { labels_refs: 1 (unpacked), labels_refs: 2 (unpacked) } }
        byte[] body = [0x22, 0x00, 0x22, 0x08, .. "__name__"u8, 0x22, 0x02, .. "up"u8, 0x2a, 0x04, 0x08, 0x01, 0x08, 0x02];
        var batch = new RemoteWriteBatch();
        RemoteWriteV2Decoder.Decode(body, batch);
        var label = Assert.Single(batch.LabelsOf(batch.Series[0]).ToArray());
        Assert.Equal(("__name__", "up"), (label.Name, label.Value));
    }

    [Fact]
    public void Created_and_start_timestamps_are_both_read()
    {
        var builder = new V2RequestBuilder();
        var series = builder.Series(["__name__", "c_total"]);
        series.CreatedTimestamp = 1000;
        series.Samples.Add(new RefV2.Sample { Value = 5, Timestamp = 3000, StartTimestamp = 2000 });
        var batch = new RemoteWriteBatch();
        RemoteWriteV2Decoder.Decode(builder.Request.ToByteArray(), batch);
        Assert.Equal(1000, batch.Series[0].CreatedTimestamp);
        Assert.Equal(2000, batch.SamplesOf(batch.Series[0])[0].StartTimestamp);
    }

    public static TheoryData<string, Action<RefV2.Request>> SymbolTableErrors => new()
    {
        { "invalid symbols table: symbols[0] must be an empty string", r => r.Symbols[0] = "x" },
        { "timeseries[0]: labels_refs references symbol 9, but the symbols table has 3 entries", r => r.Timeseries[0].LabelsRefs[1] = 9 },
        { "timeseries[0]: labels_refs has an odd number of entries (3)", r => r.Timeseries[0].LabelsRefs.Add(1) },
        { "timeseries[0]: metadata help_ref references symbol 7, but the symbols table has 3 entries",
            r => r.Timeseries[0].Metadata = new RefV2.Metadata { HelpRef = 7 } },
        { "timeseries[0]: metadata unit_ref references symbol 3, but the symbols table has 3 entries",
            r => r.Timeseries[0].Metadata = new RefV2.Metadata { UnitRef = 3 } },
        { "timeseries[0]: exemplar labels_refs references symbol 4, but the symbols table has 3 entries",
            r => r.Timeseries[0].Exemplars.Add(new RefV2.Exemplar { LabelsRefs = { 1, 4 } }) },
        { "timeseries[0]: exemplar labels_refs has an odd number of entries (1)",
            r => r.Timeseries[0].Exemplars.Add(new RefV2.Exemplar { LabelsRefs = { 1 } }) },
        { "timeseries[0]: metadata help_ref references symbol 0, but the symbols table has 0 entries",
            r => { r.Symbols.Clear(); r.Timeseries[0].LabelsRefs.Clear(); r.Timeseries[0].Metadata = new RefV2.Metadata(); } },
        { "proto: wrong wireType = 5 for field LabelsRefs", r => { } },
    };

    [Theory]
    [MemberData(nameof(SymbolTableErrors))]
    public void Broken_symbol_references_fail_the_whole_request(string expected, Action<RefV2.Request> breakIt)
    {
        var builder = new V2RequestBuilder();
        builder.Series(["__name__", "up"], (1, 1));
        breakIt(builder.Request);
        byte[] body = builder.Request.ToByteArray();
        if (expected.Contains("wireType", StringComparison.Ordinal))
        {
            body = [.. body, 0x2a, 0x05, 0x0d, 0, 0, 0, 0]; // a series whose labels_refs is a fixed32
        }
        var e = Assert.Throws<RemoteWriteDecodeException>(() => RemoteWriteV2Decoder.Decode(body, new RemoteWriteBatch()));
        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public void Help_text_that_no_metadata_references_is_never_turned_into_a_string()
    {
        var builder = new V2RequestBuilder();
        builder.Series(["__name__", "up"], (1, 1));
        builder.Ref(new string('h', 10_000)); // unreferenced
        var batch = new RemoteWriteBatch();
        byte[] body = builder.Request.ToByteArray();
        RemoteWriteV2Decoder.Decode(body, batch); // warm up caches and arrays
        long before = GC.GetAllocatedBytesForCurrentThread();
        RemoteWriteV2Decoder.Decode(body, batch);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 10_000, "the 10 KB symbol was decoded");
    }
}
