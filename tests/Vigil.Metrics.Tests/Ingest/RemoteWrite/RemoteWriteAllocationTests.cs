using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Metrics.Ingest.RemoteWrite;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tests.Ingest.RemoteWrite.Support;
using Vigil.Metrics.Tsdb;
using static Vigil.Metrics.Tests.Ingest.RemoteWrite.Support.ReferenceRequests;

namespace Vigil.Metrics.Tests.Ingest.RemoteWrite;

/// <summary>
/// A sender repeats its series every few seconds; once the caches have seen them, decoding and writing a
/// request must not allocate per series (strings, label arrays and <see cref="Labels"/> are reused).
/// </summary>
public class RemoteWriteAllocationTests
{
    private const int SeriesCount = 1000;

    private static Vigil.Metrics.Reference.RemoteWrite.WriteRequest Request(long t) =>
        V1(Enumerable.Range(0, SeriesCount).Select(i => Series(
            ["__name__", "node_network_receive_bytes_total", "device", $"eth{i}", "instance", "10.0.0.7:9100", "job", "node"], (t, i))).ToArray());

    [Fact]
    public void Decoding_a_repeated_request_allocates_nothing_per_series()
    {
        byte[] body = Request(1).ToByteArray();
        var batch = new RemoteWriteBatch();
        for (int i = 0; i < 3; i++)
        {
            RemoteWriteV1Decoder.Decode(body, batch); // caches admit values on their second sighting
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        RemoteWriteV1Decoder.Decode(body, batch);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1024, $"{allocated} bytes for {SeriesCount} series");
    }

    [Fact]
    public async Task Writing_a_repeated_request_allocates_nothing_per_series()
    {
        var handler = new RemoteWriteHandler(new DiscardingStore(), new RemoteWriteOptions(), NullLogger.Instance);
        long allocated = await AllocatedByFourthRequestAsync(handler);
        Assert.True(allocated < 2048, $"{allocated} bytes for {SeriesCount} series");
    }

    [Fact]
    public async Task Writing_a_repeated_request_into_the_head_allocates_nothing_per_sample()
    {
        // The head appender's staging lists come from a pool: a 1,000-sample commit used to allocate ~220 B
        // a sample (lists and a dictionary grown afresh, the dictionary's 2,000-series array on the LOH).
        var head = new Vigil.Metrics.Tsdb.Head.Head(new Vigil.Metrics.Tsdb.Head.HeadOptions());
        var handler = new RemoteWriteHandler(new HeadStore(head), new RemoteWriteOptions(), NullLogger.Instance);
        long allocated = await AllocatedByFourthRequestAsync(handler);
        Assert.Equal(4 * SeriesCount, head.Stats.SamplesAppendedTotal);
        Assert.True(allocated < 4096, $"{allocated} bytes for {SeriesCount} samples");
    }

    /// <summary>Sends three requests (caches and pools warm up), then returns what the fourth allocated.</summary>
    private static async Task<long> AllocatedByFourthRequestAsync(RemoteWriteHandler handler)
    {
        for (int i = 0; i < 3; i++)
        {
            await handler.ProcessAsync(RemoteWriteVersion.V1, Compressed(Request(i)));
        }
        byte[] body = Compressed(Request(3));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = await handler.ProcessAsync(RemoteWriteVersion.V1, body);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(204, result.Status);
        return allocated;
    }

    private sealed class HeadStore(Vigil.Metrics.Tsdb.Head.Head head) : IAppendable
    {
        public IAppender Appender() => head.Appender();
    }

    /// <summary>Takes every sample and keeps none, so only the receiver's own allocations are measured.</summary>
    private sealed class DiscardingStore : IAppendable, IAppender
    {
        public IAppender Appender() => this;

        public AppendStatus Append(ref ulong seriesRef, Labels labels, long timestampMs, double value)
        {
            seriesRef = (ulong)labels.Hash | 1;
            return AppendStatus.Ok;
        }

        public void UpdateMetadata(Labels labels, MetricMetadata metadata) { }

        public ValueTask CommitAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public void Rollback() { }
    }
}
