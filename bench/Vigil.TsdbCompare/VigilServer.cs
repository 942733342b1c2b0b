using System.Diagnostics;
using System.Globalization;

namespace Vigil.TsdbCompare;

/// <summary>
/// Vigil with only the metrics role, no scraping (<c>--metrics.config_file ""</c>), no demo, listening on
/// 127.0.0.1. Its TSDB lives in <c>&lt;data-dir&gt;/metrics</c>: blocks are ULID directories there, the WAL is
/// <c>wal/</c>. Run from the data directory so no config/vigil.yaml is picked up by accident.
/// </summary>
internal sealed class VigilServer : ServerProcess
{
    private readonly string _dll;
    private readonly IReadOnlyList<string> _extraArgs;

    public VigilServer(string dll, string workDir, int port, IReadOnlyList<string> extraArgs)
        : base("vigil", workDir, port)
    {
        _extraArgs = extraArgs;
        if (!File.Exists(dll))
        {
            throw new CompareException($"{dll} not found: build it with 'dotnet build -c Release src/Vigil' or pass --vigil-dll");
        }
        _dll = dll;
    }

    public override string BlocksDirectory => Path.Combine(DataDir, "metrics");

    public override string WalDirectory => Path.Combine(DataDir, "metrics", "wal");

    protected override ProcessStartInfo StartInfo()
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = DataDir };
        foreach (string arg in (string[])[
            _dll, "--role", "metrics", "--data-dir", DataDir, "--listen-address", "127.0.0.1",
            "--prometheus-port", Port.ToString(CultureInfo.InvariantCulture), "--no-demo",
            "--metrics.config_file", "",
            .. _extraArgs,
        ])
        {
            start.ArgumentList.Add(arg);
        }
        return start;
    }

    /// <summary>&lt;repo&gt;/src/Vigil/bin/Release/net10.0/vigil.dll, the repository found by walking up to Vigil.slnx.</summary>
    public static string DefaultDll()
    {
        foreach (string from in (string[])[Directory.GetCurrentDirectory(), AppContext.BaseDirectory])
        {
            for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
                {
                    return Path.Combine(dir.FullName, "src", "Vigil", "bin", "Release", "net10.0", "vigil.dll");
                }
            }
        }
        throw new CompareException("cannot find the repository (Vigil.slnx) above the current directory: pass --vigil-dll");
    }
}
