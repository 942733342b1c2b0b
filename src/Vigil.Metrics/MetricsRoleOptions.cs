using Vigil.Metrics.Ingest.Otlp;
using Vigil.Metrics.PromQL.Engine;
using Vigil.Metrics.Tsdb;

namespace Vigil.Metrics;

/// <summary>What the host hands the metrics role (mapped from vigil.yaml's <c>metrics.*</c> keys in src/Vigil).</summary>
public sealed class MetricsRoleOptions
{
    public required DbOptions Storage { get; init; }

    /// <summary>prometheus.yml path; empty means no scraping.</summary>
    public string ConfigFile { get; init; } = "";

    public bool RemoteWriteReceiver { get; init; } = true;
    public bool OtlpReceiver { get; init; } = true;
    public long MaxRequestBodySize { get; init; } = 32L << 20;

    /// <summary>How OTLP metrics become series (Prometheus's <c>otlp:</c> settings).</summary>
    public OtlpTranslationOptions Otlp { get; init; } = new();

    /// <summary>Prometheus --web.enable-admin-api: snapshot, delete_series, clean_tombstones.</summary>
    public bool AdminApi { get; init; }

    /// <summary>Prometheus --web.enable-lifecycle: POST /-/reload and /-/quit.</summary>
    public bool Lifecycle { get; init; } = true;

    /// <summary>The PromQL engine's limits (Prometheus's --query.* flags).</summary>
    public EngineOptions Query { get; init; } = new();

    /// <summary>The Prometheus door's port, reported as --web.listen-address in status/flags.</summary>
    public int Port { get; init; } = 9090;
}
