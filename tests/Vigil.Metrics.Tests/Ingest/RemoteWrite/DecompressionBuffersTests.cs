using Vigil.Metrics.Ingest.RemoteWrite;

namespace Vigil.Metrics.Tests.Ingest.RemoteWrite;

public class DecompressionBuffersTests
{
    [Fact]
    public void Keeps_a_bounded_number_of_buffers_and_lets_huge_ones_go()
    {
        var pool = new DecompressionBuffers(keep: 2);
        Assert.Empty(pool.Rent());
        byte[] a = new byte[100], b = new byte[200], c = new byte[300];
        pool.Return(a);
        pool.Return(b);
        pool.Return(c); // over the bound: dropped
        Assert.Same(a, pool.Rent());
        Assert.Same(b, pool.Rent());
        Assert.Empty(pool.Rent());
        pool.Return(new byte[DecompressionBuffers.MaxKeptLength + 1]);
        Assert.Empty(pool.Rent());
    }
}
