using System.Globalization;

namespace Vigil.LoadGen;

public enum Target
{
    Grpc,
    Http,
}

/// <summary>Command line of the load generator.</summary>
public sealed class LoadGenOptions
{
    public const int MaxDurationSeconds = 120;

    public const string Usage = """
        usage: Vigil.LoadGen [--target grpc|http] (--pid PID [--endpoint URL] | --start [--vigil-dll PATH]) [options]

          --target grpc|http        OTLP/gRPC TraceService/Export or OTLP/HTTP POST /v1/traces (default grpc)
          --endpoint URL            where Vigil listens (default http://127.0.0.1:4317 for grpc, :4318 for http)
          --pid PID                 Vigil's process id, whose CPU time is measured from /proc/PID/stat
          --start                   start Vigil (Release build) on the ports below, wait for /-/ready, stop it at the end
          --vigil-dll PATH          vigil.dll to start (default <repo>/src/Vigil/bin/Release/net10.0/vigil.dll)
          --vigil-arg ARG           one more argument for the started Vigil (repeatable), e.g. --vigil-arg=--role=collector
          --otlp-grpc-port N        ports of the started Vigil (defaults 24317, 24318, 29090, 29464; the
          --otlp-http-port N          Loki, Tempo and UI ports are 0: any free port)
          --prometheus-port N
          --collector-metrics-port N
          --metrics-url URL         Vigil's collector /metrics, read before and after to cross-check accepted spans
                                    (default with --start: its collector metrics port; otherwise not read)
          --concurrency N           concurrent requests in flight (default 4, 1-256)
          --duration S              measured seconds (default 20, at most 120)
          --warmup S                seconds of load before measuring (default 3, at most 30)
          --spans N                 spans per request (default 512)
          --variants N              distinct pre-encoded payloads, differing in trace and span ids (default 16)
        """;

    public bool Help { get; private set; }

    public Target Target { get; private set; } = Target.Grpc;

    public string? Endpoint { get; private set; }

    public int? Pid { get; private set; }

    public bool Start { get; private set; }

    public string? VigilDll { get; private set; }

    public List<string> VigilArgs { get; } = [];

    public int OtlpGrpcPort { get; private set; } = 24317;

    public int OtlpHttpPort { get; private set; } = 24318;

    public int PrometheusPort { get; private set; } = 29090;

    public int CollectorMetricsPort { get; private set; } = 29464;

    public string? MetricsUrl { get; private set; }

    public int Concurrency { get; private set; } = 4;

    public double DurationSeconds { get; private set; } = 20;

    public double WarmupSeconds { get; private set; } = 3;

    public int Spans { get; private set; } = Benchmarks.Payloads.TraceSpanCount;

    public int Variants { get; private set; } = 16;

    public static LoadGenOptions Parse(string[] args)
    {
        var o = new LoadGenOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string? inline = null;
            int eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }
            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }
                if (i + 1 >= args.Length)
                {
                    throw new ArgumentException($"{arg} needs a value");
                }
                return args[++i];
            }
            switch (arg)
            {
                case "-h":
                case "--help":
                    o.Help = true;
                    break;
                case "--target":
                    o.Target = Value() switch
                    {
                        "grpc" => Target.Grpc,
                        "http" => Target.Http,
                        var v => throw new ArgumentException($"--target must be grpc or http, not '{v}'"),
                    };
                    break;
                case "--endpoint":
                    o.Endpoint = Value();
                    break;
                case "--pid":
                    o.Pid = Int(arg, Value(), 1, int.MaxValue);
                    break;
                case "--start":
                    o.Start = true;
                    break;
                case "--vigil-dll":
                    o.VigilDll = Value();
                    break;
                case "--vigil-arg":
                    o.VigilArgs.Add(Value());
                    break;
                case "--otlp-grpc-port":
                    o.OtlpGrpcPort = Int(arg, Value(), 1, 65535);
                    break;
                case "--otlp-http-port":
                    o.OtlpHttpPort = Int(arg, Value(), 1, 65535);
                    break;
                case "--prometheus-port":
                    o.PrometheusPort = Int(arg, Value(), 1, 65535);
                    break;
                case "--collector-metrics-port":
                    o.CollectorMetricsPort = Int(arg, Value(), 1, 65535);
                    break;
                case "--metrics-url":
                    o.MetricsUrl = Value();
                    break;
                case "--concurrency":
                    o.Concurrency = Int(arg, Value(), 1, 256);
                    break;
                case "--duration":
                    o.DurationSeconds = Seconds(arg, Value(), MaxDurationSeconds);
                    break;
                case "--warmup":
                    o.WarmupSeconds = Seconds(arg, Value(), 30);
                    break;
                case "--spans":
                    o.Spans = Int(arg, Value(), 1, 100_000);
                    break;
                case "--variants":
                    o.Variants = Int(arg, Value(), 1, 1024);
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }
        if (!o.Help)
        {
            if (o.Start == o.Pid.HasValue)
            {
                throw new ArgumentException("give exactly one of --pid PID (a running Vigil) or --start");
            }
            if (o.Start && o.Endpoint is not null)
            {
                throw new ArgumentException("--endpoint is for --pid; with --start the endpoint follows --otlp-grpc-port / --otlp-http-port");
            }
        }
        return o;
    }

    private static int Int(string name, string text, int min, int max)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < min || v > max)
        {
            throw new ArgumentException($"{name} must be an integer from {min} to {max}, not '{text}'");
        }
        return v;
    }

    private static double Seconds(string name, string text, double max)
    {
        string trimmed = text.EndsWith('s') ? text[..^1] : text;
        if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || v < 0 || v > max)
        {
            throw new ArgumentException($"{name} must be a number of seconds from 0 to {max}, not '{text}'");
        }
        return v;
    }
}
