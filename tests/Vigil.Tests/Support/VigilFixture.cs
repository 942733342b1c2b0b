namespace Vigil.Tests.Support;

/// <summary>One vigil shared by the tests of a class (xunit class fixture), with 1 MiB body limits.</summary>
public sealed class VigilFixture : IAsyncLifetime
{
    private VigilProcess? _vigil;

    public const long BodyLimit = 1 << 20;

    internal VigilProcess Vigil => _vigil ?? throw new InvalidOperationException("not started");

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        _vigil = await VigilProcess.StartReadyAsync([
            "--collector.otlp.http.max_request_body_size", "1MiB",
            "--collector.otlp.grpc.max_recv_msg_size", "1MiB",
        ]);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_vigil is not null)
        {
            await _vigil.DisposeAsync();
        }
    }
}
