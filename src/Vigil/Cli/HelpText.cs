namespace Vigil.Cli;

internal static class HelpText
{
    public const string Usage = """
        Vigil: OpenTelemetry collector, Prometheus, Loki, Tempo and a web UI in one program.

        Usage:
          vigil [serve] [flags]          start the stack (every role unless --role says otherwise)
          vigil check-config FILE        validate a config file without starting; exit 0 if valid, 2 if not
          vigil --help | --version

        Flags (each also settable in the config file and as VIGIL_<KEY>, sections joined by __):
          --config FILE                  config file (default: config/vigil.yaml if present; env VIGIL_CONFIG)
          --data-dir DIR                 data directory (default ./data)
          --role ROLE                    all|collector|metrics|logs|traces|ui|rules; repeat or comma-separate
          --listen-address ADDR          address every listener binds to (default 0.0.0.0)
          --log-level LEVEL              debug|info|warn|error (default info)
          --log-format FORMAT            logfmt|json (default logfmt)
          --otlp-grpc-port N             OTLP gRPC (default 4317)
          --otlp-http-port N             OTLP HTTP (default 4318)
          --collector-metrics-port N     collector metrics (default 9464)
          --prometheus-port N            Prometheus API (default 9090)
          --loki-port N                  Loki API (default 3100)
          --tempo-port N                 Tempo API (default 3200)
          --ui-port N                    web UI (default 3000)
          --demo | --no-demo             start the greenhouse demo app (default: as configured)
          --demo-port N                  demo app port (default 8000)
          --shutdown-timeout DURATION    longest graceful shutdown (default 15s)
          --<config.key> VALUE           any config key, e.g. --collector.batch.timeout=1s

        Ports 0 pick a free port; the chosen ones are logged. Exit codes: 0 clean stop, 1 runtime
        failure (port in use, data directory locked), 2 invalid configuration or flags.
        Documentation: docs/configuration.md, docs/operations.md.
        """;
}
