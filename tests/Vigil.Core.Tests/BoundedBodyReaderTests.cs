using System.IO.Compression;
using Vigil.Core.Buffers;

namespace Vigil.Core.Tests;

public sealed class BoundedBodyReaderTests
{
    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(data);
        return output.ToArray();
    }

    [Fact]
    public async Task Reads_plain_and_gzip_bodies()
    {
        var data = new byte[100_000];
        new Random(1).NextBytes(data);
        var (plain, error, _) = await BoundedBodyReader.ReadAsync(new MemoryStream(data), null, 1 << 20, default);
        Assert.Equal(BodyReadError.None, error);
        using (plain) Assert.Equal(data, plain!.Span.ToArray());
        var (gz, error2, _) = await BoundedBodyReader.ReadAsync(new MemoryStream(Gzip(data)), "gzip", 1 << 20, default);
        Assert.Equal(BodyReadError.None, error2);
        using (gz) Assert.Equal(data, gz!.Span.ToArray());
    }

    [Fact]
    public async Task A_gzip_bomb_stops_at_the_limit()
    {
        var bomb = Gzip(new byte[50 << 20]);
        var (body, error, message) = await BoundedBodyReader.ReadAsync(new MemoryStream(bomb), "gzip", 1 << 20, default);
        Assert.Null(body);
        Assert.Equal(BodyReadError.TooLarge, error);
        Assert.Equal("decompressed request body exceeds the limit of 1048576 bytes", message);
    }

    [Fact]
    public async Task Unknown_encoding_and_corrupt_streams_are_errors()
    {
        var (_, error, message) = await BoundedBodyReader.ReadAsync(new MemoryStream([1]), "br", 100, default);
        Assert.Equal(BodyReadError.UnsupportedEncoding, error);
        Assert.Contains("supported: [gzip, deflate, identity]", message, StringComparison.Ordinal);
        (_, error, _) = await BoundedBodyReader.ReadAsync(new MemoryStream([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff]), "gzip", 100, default);
        Assert.Equal(BodyReadError.CorruptCompression, error);
    }
}
