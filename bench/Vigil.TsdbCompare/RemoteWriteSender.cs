using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Threading.Channels;

namespace Vigil.TsdbCompare;

/// <summary>What one server answered to one phase of the stream.</summary>
internal sealed class SendStats
{
    public long Requests;
    public long Samples;
    public long RejectedSamples;
    public long Retries;
    public readonly Dictionary<int, int> Statuses = [];
    public string? FirstError;
    public TimeSpan Elapsed;
}

/// <summary>
/// Replays one phase of the stream file to a server's <c>POST /api/v1/write</c>: one sender per shard, each
/// sending its requests one at a time and in order (as a Prometheus queue-manager shard does), fed through
/// small bounded queues so the shards stay within a few requests of each other in time. Retries 5xx and 429
/// with backoff like Prometheus's sender (bounded); other 4xx count the request's samples as rejected.
/// Headers per the remote-write 1.0 spec.
/// </summary>
internal sealed class RemoteWriteSender : IDisposable
{
    private const int MaxAttempts = 10;
    private readonly HttpClient _client;

    public RemoteWriteSender(int shards)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = shards, UseProxy = false };
        _client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("Vigil.TsdbCompare/1.0");
        _client.DefaultRequestHeaders.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
    }

    public async Task SendPhaseAsync(StreamFileReader reader, string url, int shards, SendStats stats, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var clock = Stopwatch.StartNew();
        var queues = new Channel<StreamRequest>[shards];
        var workers = new Task[shards];
        for (int s = 0; s < shards; s++)
        {
            queues[s] = Channel.CreateBounded<StreamRequest>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
            var queue = queues[s].Reader;
            workers[s] = Task.Run(() => WorkAsync(queue, url, stats, cts.Token));
        }
        try
        {
            while (reader.TryRead(out var request))
            {
                await queues[request.Shard].Writer.WriteAsync(request, cts.Token);
            }
        }
        finally
        {
            foreach (var q in queues)
            {
                q.Writer.TryComplete();
            }
        }
        try
        {
            await Task.WhenAll(workers);
        }
        catch (OperationCanceledException)
        {
            throw new CompareException($"sending to {url} did not finish within {timeout.TotalMinutes:N0} min");
        }
        stats.Elapsed += clock.Elapsed;
    }

    private async Task WorkAsync(ChannelReader<StreamRequest> queue, string url, SendStats stats, CancellationToken stop)
    {
        await foreach (var request in queue.ReadAllAsync(stop))
        {
            await SendAsync(request, url, stats, stop);
        }
    }

    private async Task SendAsync(StreamRequest request, string url, SendStats stats, CancellationToken stop)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        for (int attempt = 1; ; attempt++)
        {
            using var content = new ByteArrayContent(request.Body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            content.Headers.ContentEncoding.Add("snappy");
            HttpStatusCode status;
            string? body = null;
            try
            {
                using var response = await _client.PostAsync(url, content, stop);
                status = response.StatusCode;
                if (!response.IsSuccessStatusCode)
                {
                    body = await response.Content.ReadAsStringAsync(stop);
                }
            }
            catch (HttpRequestException e)
            {
                status = 0;
                body = e.Message;
            }
            lock (stats)
            {
                stats.Statuses[(int)status] = stats.Statuses.GetValueOrDefault((int)status) + 1;
                if (body is not null)
                {
                    stats.FirstError ??= $"{(int)status}: {body.Trim()}";
                }
            }
            bool retry = status is 0 or HttpStatusCode.TooManyRequests || (int)status >= 500;
            if (!retry || attempt == MaxAttempts)
            {
                lock (stats)
                {
                    stats.Requests++;
                    stats.Samples += request.Samples;
                    if ((int)status is < 200 or >= 300)
                    {
                        stats.RejectedSamples += request.Samples;
                    }
                }
                return;
            }
            Interlocked.Increment(ref stats.Retries);
            await Task.Delay(delay, stop);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
        }
    }

    public void Dispose() => _client.Dispose();
}
