using CsCheck;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Metrics.Ingest.RemoteWrite;
using Vigil.Metrics.Tests.Ingest.RemoteWrite.Support;
using Vigil.Metrics.Tsdb.Head;

namespace Vigil.Metrics.Tests.Ingest.RemoteWrite;

/// <summary>
/// Hostile bodies through the whole receive path (snappy, decode, write into a head) below HTTP: random
/// bytes, truncations and mutations of valid requests, before and after compression. Every one must end in
/// an answer (204, 400 or 413), never an exception.
/// </summary>
public class RemoteWriteFuzzTests
{
    private static readonly Gen<RemoteWriteVersion> Version = Gen.OneOf(RemoteWriteVersion.V1, RemoteWriteVersion.V2);

    private static readonly Gen<byte[]> ValidV1 = RequestGenerators.V1.Select(r => r.ToByteArray());

    private static readonly Gen<byte[]> ValidV2 = RequestGenerators.V2.Select(r => r.ToByteArray());

    private static RemoteWriteHandler NewHandler() =>
        new(new HeadAppendable(new Head(new HeadOptions())), new RemoteWriteOptions { MaxDecompressedBytes = 1 << 16 }, NullLogger.Instance);

    private static void AssertAnswered(RemoteWriteHandler handler, RemoteWriteVersion version, byte[] compressed)
    {
        var result = handler.ProcessAsync(version, compressed).AsTask().GetAwaiter().GetResult();
        Assert.Contains(result.Status, new[] { 204, 400, 413 });
        Assert.Equal(result.Status == 204, result.Error is null);
    }

    [Fact]
    public void Random_bytes_are_refused()
    {
        var handler = NewHandler();
        Gen.Select(Version, Gen.Byte.Array[0, 300]).Sample((version, bytes) => AssertAnswered(handler, version, bytes), iter: 2000);
    }

    [Fact]
    public void Random_bytes_behind_valid_snappy_are_refused_or_decoded()
    {
        var handler = NewHandler();
        Gen.Select(Version, Gen.Byte.Array[0, 300]).Sample((version, bytes) => AssertAnswered(handler, version, ReferenceRequests.Snappy(bytes)), iter: 2000);
    }

    [Fact]
    public void Mutated_requests_are_refused_or_decoded()
    {
        var handler = NewHandler();
        Mutations.Of(ValidV1).Sample(bytes => AssertAnswered(handler, RemoteWriteVersion.V1, ReferenceRequests.Snappy(bytes)), iter: 1000);
        Mutations.Of(ValidV2).Sample(bytes => AssertAnswered(handler, RemoteWriteVersion.V2, ReferenceRequests.Snappy(bytes)), iter: 1000);
        // Either message read as the other.
        ValidV2.Sample(bytes => AssertAnswered(handler, RemoteWriteVersion.V1, ReferenceRequests.Snappy(bytes)), iter: 200);
        ValidV1.Sample(bytes => AssertAnswered(handler, RemoteWriteVersion.V2, ReferenceRequests.Snappy(bytes)), iter: 200);
    }

    [Fact]
    public void Mutated_snappy_blocks_are_refused_or_decoded()
    {
        var handler = NewHandler();
        Mutations.Of(ValidV1.Select(ReferenceRequests.Snappy)).Sample(bytes => AssertAnswered(handler, RemoteWriteVersion.V1, bytes), iter: 1000);
        Mutations.Of(ValidV2.Select(ReferenceRequests.Snappy)).Sample(bytes => AssertAnswered(handler, RemoteWriteVersion.V2, bytes), iter: 1000);
    }

    [Fact]
    public void Every_truncation_of_a_request_is_answered()
    {
        var handler = NewHandler();
        Gen.Select(ValidV1, ValidV2).Sample((v1, v2) =>
        {
            for (int i = 0; i < v1.Length; i++)
            {
                AssertAnswered(handler, RemoteWriteVersion.V1, ReferenceRequests.Snappy(v1[..i]));
            }
            for (int i = 0; i < v2.Length; i++)
            {
                AssertAnswered(handler, RemoteWriteVersion.V2, ReferenceRequests.Snappy(v2[..i]));
            }
        }, iter: 8);
    }
}
