using System.Collections.Concurrent;
using System.Threading.Channels;
using Vigil.Metrics.Tsdb.Head;

namespace Vigil.Metrics.Tsdb.Wal;

/// <summary>
/// Applies replayed samples on one worker per core (Prometheus's WAL replay does the same with its
/// per-shard goroutines). A series always goes to the same worker (by ref), so its samples are applied in
/// WAL order; the reading thread only decodes records and creates series. Batches of 2,048 samples stay
/// under the large-object threshold and are reused.
/// </summary>
internal sealed class ReplayShards : IDisposable
{
    private const int BatchSize = 2048;

    private readonly Head.Head _head;
    private readonly Shard[] _shards;
    private readonly ConcurrentBag<Batch> _free = [];

    public ReplayShards(Head.Head head, int workers)
    {
        _head = head;
        _shards = new Shard[Math.Max(1, workers)];
        for (int i = 0; i < _shards.Length; i++) _shards[i] = new Shard(this);
    }

    /// <summary>Samples applied so far (read after <see cref="Drain"/>).</summary>
    public long Applied
    {
        get
        {
            long n = 0;
            foreach (var s in _shards) n += Interlocked.Read(ref s.Applied);
            return n;
        }
    }

    public void Add(MemSeries series, long t, double v)
    {
        var shard = _shards[(int)(series.Ref % (ulong)_shards.Length)];
        var batch = shard.Pending ??= Rent();
        batch.Items[batch.Count++] = (series, t, v);
        if (batch.Count == BatchSize)
        {
            shard.Queue.Writer.TryWrite(batch);
            shard.Pending = null;
        }
    }

    /// <summary>Hands over partial batches and waits until every worker has applied everything given so far.</summary>
    public void Drain()
    {
        var waits = new Task[_shards.Length];
        for (int i = 0; i < _shards.Length; i++)
        {
            var shard = _shards[i];
            if (shard.Pending is { Count: > 0 }) shard.Queue.Writer.TryWrite(shard.Pending);
            shard.Pending = null;
            var marker = Rent();
            marker.Done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            shard.Queue.Writer.TryWrite(marker);
            waits[i] = marker.Done.Task;
        }
        Task.WaitAll(waits);
        foreach (var shard in _shards)
            if (shard.Failure is { } e) throw new IOException("WAL replay worker failed: " + e.Message, e);
    }

    private Batch Rent()
    {
        if (!_free.TryTake(out var batch)) batch = new Batch();
        batch.Count = 0;
        batch.Done = null;
        return batch;
    }

    public void Dispose()
    {
        foreach (var shard in _shards) shard.Queue.Writer.TryComplete();
        Task.WaitAll(_shards.Select(s => s.Worker).ToArray());
    }

    private sealed class Batch
    {
        public readonly (MemSeries Series, long T, double V)[] Items = new (MemSeries, long, double)[BatchSize];
        public int Count;
        public TaskCompletionSource? Done;
    }

    private sealed class Shard
    {
        public readonly Channel<Batch> Queue = Channel.CreateUnbounded<Batch>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        public readonly Task Worker;
        public Batch? Pending;
        public long Applied;
        public Exception? Failure;

        public Shard(ReplayShards owner) => Worker = Task.Run(() => RunAsync(owner));

        private async Task RunAsync(ReplayShards owner)
        {
            await foreach (var batch in Queue.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                if (batch.Done is { } done)
                {
                    done.TrySetResult();
                    continue;
                }
                try
                {
                    long applied = 0, min = long.MaxValue, max = long.MinValue;
                    for (int i = 0; i < batch.Count; i++)
                    {
                        var (series, t, v) = batch.Items[i];
                        if (!owner._head.ApplySample(series, t, v)) continue;
                        applied++;
                        if (t < min) min = t;
                        if (t > max) max = t;
                    }
                    if (applied > 0) owner._head.UpdateTimeBounds(min, max);
                    Interlocked.Add(ref Applied, applied);
                }
                catch (Exception e)
                {
                    Failure ??= e;
                }
                Array.Clear(batch.Items, 0, batch.Count);
                owner._free.Add(batch);
            }
        }
    }
}
