using Vigil.Core.Buffers;

namespace Vigil.Core.Tests.Buffers;

public class BoundedPoolTests
{
    [Fact]
    public void Keeps_returned_objects_up_to_its_bound_and_hands_them_out_again()
    {
        var pool = new BoundedPool<object>(capacity: 2);
        Assert.False(pool.TryRent(out _));
        object a = new(), b = new(), c = new();
        pool.Return(a);
        pool.Return(b);
        pool.Return(c); // beyond the bound: dropped
        Assert.Equal(2, pool.Count);
        Assert.True(pool.TryRent(out var first));
        Assert.True(pool.TryRent(out var second));
        Assert.Equal(new HashSet<object> { a, b }, new HashSet<object> { first, second });
        Assert.False(pool.TryRent(out _));
        Assert.Equal(0, pool.Count);
    }

    [Fact]
    public void Concurrent_rents_and_returns_never_exceed_the_bound()
    {
        var pool = new BoundedPool<byte[]>(capacity: 4);
        Parallel.For(0, 8, _ =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                var item = pool.TryRent(out var kept) ? kept : new byte[1];
                pool.Return(item);
            }
        });
        Assert.InRange(pool.Count, 1, 4);
    }
}
