using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Metrics.Model;
using Vigil.Metrics.Scrape;
using Vigil.Metrics.Scrape.Config;
using Vigil.Metrics.Scrape.Discovery;
using Vigil.Metrics.Scrape.Relabel;
using Vigil.Metrics.Tests.Scrape.Support;
using Vigil.Metrics.Tests.Support;
using Vigil.Metrics.Tsdb.Head;

namespace Vigil.Metrics.Tests.Scrape;

/// <summary>A real exporter: the Debian prometheus-node-exporter (installed on CI), scraped once.</summary>
public class NodeExporterTests
{
    private const string Program = "prometheus-node-exporter";

    [ProgramFact(Program)]
    public async Task Node_exporter_is_scraped()
    {
        int port = FreePort();
        using var exporter = Process.Start(new ProcessStartInfo(ProgramFactAttribute.Find(Program)!)
        {
            ArgumentList = { $"--web.listen-address=127.0.0.1:{port}", "--collector.disable-defaults", "--collector.cpu", "--collector.meminfo" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        try
        {
            await WaitForListener(port, exporter);
            var loaded = PrometheusConfigLoader.Load($"scrape_configs:\n  - job_name: node\n    static_configs: [{{targets: [\"127.0.0.1:{port}\"]}}]\n");
            var config = loaded.Config!.ScrapeConfigs[0];
            var target = TargetBuilder.Build(config.StaticConfigs[0].Targets[0], Labels.Empty, config, Relabeler.Empty).Target!;
            var head = new Head(new HeadOptions());
            var loop = new ScrapeLoop(target, ScrapePool.SettingsFor(config), ScrapeHttpClientFactory.Create(config.Http, true, "Vigil/test"),
                new HeadAppendable(head), NullLogger.Instance);
            await loop.ScrapeOnceAsync();

            Assert.Equal("", loop.Target.Health.Snapshot().LastError);
            Assert.Equal(1, HeadReader.Last(head, "up"));
            Assert.NotEmpty(HeadReader.Named(head, "node_memory_MemTotal_bytes"));
            Assert.NotEmpty(HeadReader.Named(head, "node_cpu_seconds_total"));
            Assert.True(HeadReader.Last(head, "scrape_samples_scraped") > 10);
            Assert.Equal(MetricType.Counter, head.Metadata["node_cpu_seconds_total"].Type);
        }
        finally
        {
            exporter.Kill(entireProcessTree: true);
            await exporter.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The exporter prints nothing we can wait on portably; connect until it accepts (bounded).</summary>
    private static async Task WaitForListener(int port, Process exporter)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (exporter.HasExited) Assert.Fail("the exporter exited: " + await exporter.StandardError.ReadToEndAsync());
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}
