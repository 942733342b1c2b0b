using System.Globalization;

namespace Vigil.TsdbCompare;

/// <summary>Command-line settings of the comparison; defaults give the documented 20,000-series run.</summary>
internal sealed class CompareOptions
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Vigil.TsdbCompare -- [options]

        Sends one synthetic Prometheus remote-write 1.0 stream to a real Prometheus and to Vigil, one after
        the other, and reports samples per server CPU-second, peak RSS per series, bytes per sample in the
        first 2h block and WAL replay time.

          --series N            active series (default 20000; the issue's full run: 100000)
          --hours H             hours of samples, 15 s apart (default 3.5: the head passes 3h so a 2h block is cut)
          --interval-seconds S  sample interval (default 15)
          --seed N              random seed of the stream (default 42)
          --batch N             samples per request, as Prometheus's max_samples_per_send (default 2000)
          --shards N            concurrent senders, each owning a fixed share of the series (default 4)
          --jitter-ms N         random +-N ms on each scrape timestamp (default 0: perfectly regular)
          --systems LIST        prometheus,vigil (default both, in that order)
          --prometheus PATH     Prometheus binary (default /usr/bin/prometheus)
          --vigil-dll PATH      vigil.dll (default src/Vigil/bin/Release/net10.0/vigil.dll in this repository)
          --prometheus-port N   default 29190
          --vigil-port N        default 29290
          --work-dir DIR        where data directories and the encoded stream go (default: a new temp dir)
          --out FILE            JSON results (default bench/results/tsdb-compare-<time>.json)
          --block-timeout S     seconds to wait for the first block (default 600)
          --repeat N            run the systems N times, alternating (P V P V ...); targets use medians (default 1)
          --vigil-arg ARG       extra argument for Vigil (repeatable), e.g. --vigil-arg=--log-level=debug
          --pause-after-ingest S  hold each server S seconds after ingesting (attach perf, dotnet-gcdump)
          --keep                keep the work directory (data dirs, logs) for inspection
          --queries             query benchmark instead of the restart: the stream gains a classic histogram
                                (http_server_request_duration_seconds_bucket), defaults become 10000 series and
                                6 hours, and after the block cut a fixed set of range queries runs at 1h, 6h and
                                24h windows (QuerySet.cs); reports median latency per query on each system
          --query-runs N        timed runs per query and window, after one untimed warm-up (default 7)
        """;

    public int Series { get; private set; } = 20_000;
    public double Hours { get; private set; } = 3.5;
    public int IntervalSeconds { get; private set; } = 15;
    public int Seed { get; private set; } = 42;
    public int Batch { get; private set; } = 2000;
    public int Shards { get; private set; } = 4;
    public int JitterMs { get; private set; }
    public IReadOnlyList<string> Systems { get; private set; } = ["prometheus", "vigil"];
    public string PrometheusBinary { get; private set; } = "/usr/bin/prometheus";
    public string? VigilDll { get; private set; }
    public int PrometheusPort { get; private set; } = 29190;
    public int VigilPort { get; private set; } = 29290;
    public string? WorkDir { get; private set; }
    public string? Out { get; private set; }
    public TimeSpan BlockTimeout { get; private set; } = TimeSpan.FromSeconds(600);
    public int Repeat { get; private set; } = 1;
    public List<string> VigilArgs { get; } = [];
    public TimeSpan PauseAfterIngest { get; private set; }
    public bool Keep { get; private set; }
    public bool Help { get; private set; }
    public bool Queries { get; private set; }
    public int QueryRuns { get; private set; } = 7;

    public static CompareOptions Parse(string[] args)
    {
        var o = new CompareOptions();
        bool seriesGiven = false, hoursGiven = false;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value");
            switch (arg)
            {
                case "--help" or "-h": o.Help = true; break;
                case "--series": o.Series = Int(Next(), arg, 1, 10_000_000); seriesGiven = true; break;
                case "--hours": o.Hours = double.Parse(Next(), CultureInfo.InvariantCulture); hoursGiven = true; break;
                case "--interval-seconds": o.IntervalSeconds = Int(Next(), arg, 1, 3600); break;
                case "--seed": o.Seed = Int(Next(), arg, 0, int.MaxValue); break;
                case "--batch": o.Batch = Int(Next(), arg, 1, 1_000_000); break;
                case "--shards": o.Shards = Int(Next(), arg, 1, 64); break;
                case "--jitter-ms": o.JitterMs = Int(Next(), arg, 0, 1000); break;
                case "--systems": o.Systems = Next().Split(',', StringSplitOptions.RemoveEmptyEntries); break;
                case "--prometheus": o.PrometheusBinary = Next(); break;
                case "--vigil-dll": o.VigilDll = Next(); break;
                case "--prometheus-port": o.PrometheusPort = Int(Next(), arg, 1, 65535); break;
                case "--vigil-port": o.VigilPort = Int(Next(), arg, 1, 65535); break;
                case "--work-dir": o.WorkDir = Next(); break;
                case "--out": o.Out = Next(); break;
                case "--block-timeout": o.BlockTimeout = TimeSpan.FromSeconds(Int(Next(), arg, 1, 7200)); break;
                case "--repeat": o.Repeat = Int(Next(), arg, 1, 20); break;
                case "--vigil-arg": o.VigilArgs.Add(Next()); break;
                case var a when a.StartsWith("--vigil-arg=", StringComparison.Ordinal): o.VigilArgs.Add(a["--vigil-arg=".Length..]); break;
                case "--pause-after-ingest": o.PauseAfterIngest = TimeSpan.FromSeconds(Int(Next(), arg, 0, 3600)); break;
                case "--keep": o.Keep = true; break;
                case "--queries": o.Queries = true; break;
                case "--query-runs": o.QueryRuns = Int(Next(), arg, 1, 1000); break;
                default: throw new ArgumentException($"unknown option {arg}");
            }
        }
        if (o.Queries)
        {
            o.Series = seriesGiven ? o.Series : 10_000;
            o.Hours = hoursGiven ? o.Hours : 6;
        }
        if (o.Hours <= 0 || o.Hours > 48)
        {
            throw new ArgumentException("--hours must be in (0, 48]");
        }
        foreach (string s in o.Systems)
        {
            if (s is not ("prometheus" or "vigil"))
            {
                throw new ArgumentException($"--systems: unknown system {s} (prometheus, vigil)");
            }
        }
        return o;
    }

    private static int Int(string text, string name, int min, int max)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < min || v > max)
        {
            throw new ArgumentException($"{name}: expected an integer in [{min}, {max}], got \"{text}\"");
        }
        return v;
    }
}
