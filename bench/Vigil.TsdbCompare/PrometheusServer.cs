using System.Diagnostics;

namespace Vigil.TsdbCompare;

/// <summary>
/// The real Prometheus (Debian's 2.42): no scrape jobs, remote-write receiver on, TSDB in the data directory
/// (blocks are its ULID directories, WAL in <c>wal/</c>). Defaults otherwise, as a user would run it.
/// </summary>
internal sealed class PrometheusServer : ServerProcess
{
    private readonly string _binary;
    private readonly string _config;

    public PrometheusServer(string binary, string workDir, int port)
        : base("prometheus", workDir, port)
    {
        if (!File.Exists(binary))
        {
            throw new CompareException($"{binary} not found: install Debian's prometheus package or pass --prometheus");
        }
        _binary = binary;
        _config = Path.Combine(workDir, "prometheus.yml");
        File.WriteAllText(_config, "global:\n  scrape_interval: 15s\nscrape_configs: []\n");
    }

    public override string BlocksDirectory => DataDir;

    public override string WalDirectory => Path.Combine(DataDir, "wal");

    protected override ProcessStartInfo StartInfo()
    {
        var start = new ProcessStartInfo(_binary) { WorkingDirectory = DataDir };
        foreach (string arg in (string[])[
            "--config.file=" + _config,
            "--storage.tsdb.path=" + DataDir,
            $"--web.listen-address=127.0.0.1:{Port}",
            "--web.enable-remote-write-receiver",
        ])
        {
            start.ArgumentList.Add(arg);
        }
        return start;
    }
}
