using Vigil.Collector.Pipeline;

namespace Vigil.Collector.Tests;

public sealed class MemoryLimiterTests
{
    [Fact]
    public void Reservations_past_the_limit_fail_and_release_restores_room()
    {
        var limiter = new MemoryLimiter(100);
        Assert.True(limiter.TryReserve(60));
        Assert.False(limiter.TryReserve(50));
        Assert.Equal(60, limiter.UsedBytes);
        limiter.Release(60);
        Assert.True(limiter.TryReserve(50));
    }

    [Fact]
    public void One_request_larger_than_the_limit_is_taken_into_an_empty_pipeline()
    {
        var limiter = new MemoryLimiter(100);
        Assert.True(limiter.TryReserve(500));
        Assert.False(limiter.HasCapacity);
        Assert.False(limiter.TryReserve(1));
    }

    [Fact]
    public void Concurrent_reservations_never_exceed_the_limit()
    {
        var limiter = new MemoryLimiter(1000);
        int granted = 0;
        Parallel.For(0, 10_000, _ =>
        {
            if (limiter.TryReserve(10)) Interlocked.Increment(ref granted);
        });
        Assert.Equal(100, granted);
        Assert.Equal(1000, limiter.UsedBytes);
    }
}
