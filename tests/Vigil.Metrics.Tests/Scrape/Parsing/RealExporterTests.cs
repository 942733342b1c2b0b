using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Vigil.Metrics.Model;
using Vigil.Metrics.Scrape.Parsing;
using Vigil.Metrics.Tests.Support;

namespace Vigil.Metrics.Tests.Scrape.Parsing;

/// <summary>
/// Interop: real exporters' bodies, fetched with Prometheus's Accept header, parse to the end, and every
/// sample line is a Series entry. node_exporter serves text 0.0.4; so does Prometheus 2.x's own
/// /metrics (later versions may answer OpenMetrics to the same Accept header; either is checked).
/// </summary>
public class RealExporterTests
{
    [ProgramFact("prometheus-node-exporter")]
    public async Task Node_exporter_text_parses()
    {
        await using var exporter = await Exporter.StartAsync("prometheus-node-exporter", "Listening on",
            port => [$"--web.listen-address=127.0.0.1:{port}"]);
        var (contentType, body) = await exporter.ScrapeAsync(ExpositionFormats.AcceptHeader(null));
        Assert.StartsWith("text/plain", contentType, StringComparison.Ordinal);
        int samples = ParseAll(contentType, body);
        Assert.Equal(SampleLines(body), samples);
        Assert.True(samples > 100, $"{samples} samples");
    }

    [ProgramFact("prometheus")]
    public async Task Prometheus_own_metrics_parse()
    {
        string dir = Directory.CreateTempSubdirectory("vigil-prom-").FullName;
        try
        {
            string config = Path.Combine(dir, "prometheus.yml");
            await File.WriteAllTextAsync(config, "global: {}\n");
            await using var prometheus = await Exporter.StartAsync("prometheus", "Server is ready to receive web requests", port =>
            [
                $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(dir, "data")}",
                $"--web.listen-address=127.0.0.1:{port}",
            ]);
            var (preferredType, preferred) = await prometheus.ScrapeAsync(ExpositionFormats.AcceptHeader(null));
            Assert.Equal(SampleLines(preferred), ParseAll(preferredType, preferred));

            var (textType, text) = await prometheus.ScrapeAsync(ExpositionFormats.AcceptHeader([ExpositionFormats.PrometheusText004]));
            Assert.StartsWith("text/plain", textType, StringComparison.Ordinal);
            Assert.Equal(SampleLines(text), ParseAll(textType, text));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int ParseAll(string contentType, byte[] body)
    {
        var parser = ExpositionFormats.Create(contentType, body, null, out string? error);
        Assert.True(parser is not null, error);
        var builder = new LabelsBuilder();
        int samples = 0;
        ExpositionEntry entry;
        while ((entry = parser.Next()) != ExpositionEntry.Eof)
        {
            if (entry != ExpositionEntry.Series) continue;
            samples++;
            builder.Reset();
            parser.GetLabels(builder);
            Assert.False(string.IsNullOrEmpty(builder.Build().Name));
        }
        return samples;
    }

    // Every line that is not a comment or blank is one sample in both formats.
    private static int SampleLines(byte[] body) => System.Text.Encoding.UTF8.GetString(body)
        .Split('\n').Count(l => l.Length > 0 && l[0] != '#');

    /// <summary>A started exporter process, killed (by its own id) on dispose.</summary>
    private sealed class Exporter : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly HttpClient _http = new();

        private Exporter(Process process, int port)
        {
            _process = process;
            Port = port;
        }

        public int Port { get; }

        public static async Task<Exporter> StartAsync(string program, string readyLine, Func<int, string[]> arguments)
        {
            int port = FreePort();
            var info = new ProcessStartInfo(ProgramFactAttribute.Find(program)!) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (string argument in arguments(port)) info.ArgumentList.Add(argument);
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var process = new Process { StartInfo = info, EnableRaisingEvents = true };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data?.Contains(readyLine, StringComparison.Ordinal) == true) ready.TrySetResult();
            };
            process.OutputDataReceived += (_, _) => { };
            process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"{program} exited"));
            process.Start();
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            var exporter = new Exporter(process, port);
            try
            {
                await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch
            {
                await exporter.DisposeAsync();
                throw;
            }
            return exporter;
        }

        public async Task<(string ContentType, byte[] Body)> ScrapeAsync(string accept)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{Port}/metrics");
            request.Headers.TryAddWithoutValidation("Accept", accept);
            using var response = await _http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (response.Content.Headers.ContentType?.ToString() ?? "", await response.Content.ReadAsByteArrayAsync());
        }

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }
}
